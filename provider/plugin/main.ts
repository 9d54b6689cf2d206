/**
 * The provider plugin's process: what `pulumi-resource-trunking` runs. The
 * engine starts it with its address as the argument and PULUMI_CONFIG in the
 * environment; it serves the provider on a local port and prints the port.
 */
import "../util/nodeCheck";
import * as pulumi from "@pulumi/pulumi";
import { PluginConfig, pluginWording } from "./config";
import { TrunkingProvider } from "./provider";
import { pluginResources } from "./resources";

const { version } = require("../../../package.json") as { version: string };

function start(): void {
    let config: PluginConfig;
    try {
        config = PluginConfig.fromEnvironment();
    } catch (e) {
        process.stderr.write(`pulumi-resource-trunking: ${(e as Error).message}\n`);
        process.exit(1);
    }
    const provider = new TrunkingProvider(pluginResources(), config, version);
    // Whatever the handlers write to stderr (the engine shows it with the command's output) names the
    // plugin's settings and holds no secret the plugin has seen. stdout carries the port only.
    const write = process.stderr.write.bind(process.stderr) as (chunk: unknown, ...rest: unknown[]) => boolean;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
        write(typeof chunk === "string" ? provider.secrets.scrub(pluginWording(chunk)) : Buffer.isBuffer(chunk) ? provider.secrets.scrub(pluginWording(chunk.toString("utf8"))) : chunk, ...rest)) as typeof process.stderr.write;
    void pulumi.provider.main(provider, process.argv.slice(2));
}

start();

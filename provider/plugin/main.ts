/**
 * The provider plugin's process: what `pulumi-resource-trunking` runs. The
 * engine starts it with its address as the argument and PULUMI_CONFIG in the
 * environment; it serves the provider on a local port and prints the port.
 */
import "../util/nodeCheck";
import * as pulumi from "@pulumi/pulumi";
import { PluginConfig, pluginWording } from "./config";
import { EngineLog, parseLine, requestUrn } from "./engineLog";
import { TrunkingProvider } from "./provider";
import { pluginResources } from "./resources";

const { version } = require("../../../package.json") as { version: string };

/** The engine's address: the first argument that is not one of the flags the engine may add. */
function engineAddress(args: readonly string[]): string | undefined {
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "--tracing") {
            i++;
        } else if (!args[i].startsWith("-")) {
            return args[i];
        }
    }
    return undefined;
}

function start(): void {
    let config: PluginConfig;
    try {
        config = PluginConfig.fromEnvironment();
    } catch (e) {
        process.stderr.write(`pulumi-resource-trunking: ${(e as Error).message}\n`);
        process.exit(1);
    }
    const args = process.argv.slice(2);
    const address = engineAddress(args);
    const engine = address ? new EngineLog(address) : undefined;
    const provider = new TrunkingProvider(pluginResources(), config, version);
    // Every line written to stderr (the handlers' loggers, the server's own) names the plugin's settings and
    // holds no secret the plugin has seen; the handlers' lines also go to the engine, which shows them.
    // stdout carries the port only.
    const write = process.stderr.write.bind(process.stderr) as (chunk: unknown, ...rest: unknown[]) => boolean;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (typeof chunk !== "string" && !Buffer.isBuffer(chunk)) {
            return write(chunk, ...rest);
        }
        const text = provider.secrets.scrub(pluginWording(typeof chunk === "string" ? chunk : chunk.toString("utf8")));
        for (const line of text.split("\n")) {
            const parsed = engine ? parseLine(line) : undefined;
            if (parsed) {
                void engine!.send(parsed.level, parsed.message, requestUrn.getStore() ?? "");
            }
        }
        return write(text, ...rest);
    }) as typeof process.stderr.write;
    void pulumi.provider.main(provider, args);
}

start();

import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import type { ResourceSpec } from "../engine/fixtures";
import { REPO } from "./cli";

/**
 * The declarations of the `stack` test program (tests/engine/programs/stack,
 * its resource specs in stack config) as a Pulumi YAML program of the provider
 * plugin: the same resources under the same names, the same arguments, the
 * secret ones from the same config keys, the capacity report as a stack
 * output depending on the same resources.
 */
export interface YamlProgramOptions {
    /** The project name (the stack program's is trunking-test). */
    name: string;
    /** The folder holding pulumi-resource-trunking (default: this repository). */
    pluginDir?: string;
    /**
     * The report's arguments, `${…}` references allowed. Pulumi YAML runs an
     * invoke as soon as its arguments are known (its Go SDK ignores dependsOn
     * on direct invokes), so a report taken after some resources takes
     * arguments from them.
     */
    capacity?: Record<string, unknown>;
}

const TYPES: Record<ResourceSpec["kind"], string> = {
    TrunkGroup: "trunking:index:TrunkGroup",
    WebexTrunk: "trunking:index:WebexTrunk",
    EnterpriseTrunk: "trunking:index:EnterpriseTrunk",
    GroupTrunkingCapacity: "trunking:index:GroupTrunkingCapacity",
    ServiceProviderTrunkingCapacity: "trunking:index:ServiceProviderTrunkingCapacity",
};

export function yamlProgram(specs: readonly ResourceSpec[], opts: YamlProgramOptions): string {
    const config: Record<string, unknown> = {};
    const resources: Record<string, unknown> = {};
    for (const spec of specs) {
        const properties: Record<string, unknown> = { ...spec.args };
        for (const [arg, key] of Object.entries(spec.secrets ?? {})) {
            config[key] = { type: "string", secret: true };
            properties[arg] = `\${${key}}`;
        }
        for (const [arg, key] of Object.entries(spec.plain ?? {})) {
            config[key] = { type: "string" };
            properties[arg] = `\${${key}}`;
        }
        for (const [arg, ref] of Object.entries(spec.refs ?? {})) {
            properties[arg] = `\${${ref}}`;
        }
        if (spec.members) {
            // As the stack program does: each member from the outputs of a TrunkGroup declared before.
            properties.trunkGroups = spec.members.map((m) => ({
                groupId: `\${${m.name}.groupId}`,
                trunkGroupName: `\${${m.name}.name}`,
                ...(m.priority !== undefined ? { priority: m.priority } : {}),
                ...(m.weight !== undefined ? { weight: m.weight } : {}),
            }));
        }
        const o = spec.options ?? {};
        const options: Record<string, unknown> = {
            ...(o.protect !== undefined ? { protect: o.protect } : {}),
            ...(o.retainOnDelete !== undefined ? { retainOnDelete: o.retainOnDelete } : {}),
            ...(o.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: o.deleteBeforeReplace } : {}),
            ...(o.ignoreChanges ? { ignoreChanges: o.ignoreChanges } : {}),
            ...(o.dependsOn ? { dependsOn: o.dependsOn.map((n) => `\${${n}}`) } : {}),
        };
        resources[spec.name] = { type: TYPES[spec.kind], properties, ...(Object.keys(options).length > 0 ? { options } : {}) };
    }
    const program: Record<string, unknown> = {
        name: opts.name,
        runtime: "yaml",
        plugins: { providers: [{ name: "trunking", path: opts.pluginDir ?? REPO }] },
        ...(Object.keys(config).length > 0 ? { config } : {}),
        resources,
    };
    if (opts.capacity) {
        program.variables = {
            capacity: {
                "fn::invoke": { function: "trunking:index:getTrunkingCapacity", arguments: opts.capacity },
            },
        };
        program.outputs = { capacity: "${capacity}" };
    }
    return stringify(program);
}

/**
 * A folder whose pulumi-resource-trunking runs this repository's plugin with
 * its stderr appended to `log`: what the plugin writes, which the engine
 * does not show, kept for the secret scans.
 */
export function teeingPluginDir(dir: string, log: string): string {
    fs.mkdirSync(dir, { recursive: true });
    const script = path.join(dir, "pulumi-resource-trunking");
    fs.writeFileSync(script, `#!/bin/sh\nexec ${JSON.stringify(path.join(REPO, "pulumi-resource-trunking"))} "$@" 2>>${JSON.stringify(log)}\n`, { mode: 0o755 });
    return dir;
}

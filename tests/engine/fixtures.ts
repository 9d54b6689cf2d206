import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { OdinSeed, OdinSimulator, OdinSimulatorOptions } from "../../provider/simulator";
import { defaultWebexSeed, startOdinSimulator } from "../../provider/simulator";
import { TestEngine, TestEngineOptions, programPath } from "./engine";
import type { RunSummary } from "./types";

/** Shared set-up of the engine's own tests: simulators, stacks of the `stack` program. */

export const ODIN_USER = "engine-test";
export const ODIN_PASSWORD = "Odin-Engine-Api-Passw0rd";

/** One enterprise with room for the tests' trunk groups and none of its own; G1 has the users given (none by default) for trunk groups to host. */
export function odinSeed(g1Users: string[] = []): OdinSeed {
    return {
        logins: [{ username: ODIN_USER, password: ODIN_PASSWORD }],
        serviceProviders: [
            {
                serviceProviderId: "SP1",
                serviceProviderName: "Engine Test Enterprise",
                isEnterprise: true,
                trunkGroupCallCapacity: { maxActiveCalls: 1000, burstingMaxActiveCalls: 100 },
                groups: [
                    { groupId: "G1", groupName: "Group One", trunkGroupCallCapacity: { maxActiveCalls: 500, burstingMaxActiveCalls: 50 }, users: g1Users.map((userId) => ({ userId })) },
                    { groupId: "G2", groupName: "Group Two", trunkGroupCallCapacity: { maxActiveCalls: 500, burstingMaxActiveCalls: 50 } },
                ],
            },
        ],
    } as unknown as OdinSeed;
}

export function startOdin(opts: OdinSimulatorOptions = {}): Promise<OdinSimulator> {
    return startOdinSimulator({ seed: odinSeed(), ...opts });
}

export interface ResourceSpec {
    kind: "TrunkGroup" | "WebexTrunk" | "GroupTrunkingCapacity" | "ServiceProviderTrunkingCapacity" | "EnterpriseTrunk";
    name: string;
    args: Record<string, unknown>;
    secrets?: Record<string, string>;
    plain?: Record<string, string>;
    refs?: Record<string, string>;
    /** An EnterpriseTrunk's trunk groups, from the outputs of TrunkGroups declared before it. */
    members?: Array<{ name: string; priority?: number; weight?: number }>;
    options?: {
        protect?: boolean;
        retainOnDelete?: boolean;
        deleteBeforeReplace?: boolean;
        ignoreChanges?: string[];
        import?: string;
        dependsOn?: string[];
    };
    export?: string[];
}

/** A TrunkGroup of SP1 (group G1 unless given). */
export function trunkGroup(name: string, args: Record<string, unknown> = {}, extra: Partial<ResourceSpec> = {}): ResourceSpec {
    return { kind: "TrunkGroup", name, args: { serviceProviderId: "SP1", groupId: "G1", name: name.toUpperCase(), maxActiveCalls: 5, ...args }, ...extra };
}

/** A GroupTrunkingCapacity of SP1 (group G1 unless given). */
export function groupCapacity(name: string, args: Record<string, unknown> = {}, extra: Partial<ResourceSpec> = {}): ResourceSpec {
    return { kind: "GroupTrunkingCapacity", name, args: { serviceProviderId: "SP1", groupId: "G1", ...args }, ...extra };
}

/** A ServiceProviderTrunkingCapacity of SP1 unless given. */
export function serviceProviderCapacity(name: string, args: Record<string, unknown> = {}, extra: Partial<ResourceSpec> = {}): ResourceSpec {
    return { kind: "ServiceProviderTrunkingCapacity", name, args: { serviceProviderId: "SP1", ...args }, ...extra };
}

/** An EnterpriseTrunk of enterprise SP1, with ordered routing unless given; its trunk groups from `members`. */
export function enterpriseTrunk(name: string, args: Record<string, unknown> = {}, extra: Partial<ResourceSpec> = {}): ResourceSpec {
    return { kind: "EnterpriseTrunk", name, args: { serviceProviderId: "SP1", enterpriseTrunkName: name.toUpperCase(), orderedRouting: { orderingAlgorithm: "Overflow" }, ...args }, ...extra };
}

/** The Webex simulator's default locations (defaultWebexSeed). */
export const WEBEX_LOCATIONS = defaultWebexSeed().locations;

/** A WebexTrunk, REGISTERING at the first default location unless given; its password from the secret config key `pw`. */
export function webexTrunk(name: string, args: Record<string, unknown> = {}, extra: Partial<ResourceSpec> = {}): ResourceSpec {
    return { kind: "WebexTrunk", name, args: { locationId: WEBEX_LOCATIONS[0].id, trunkType: "REGISTERING", ...args }, secrets: { password: "pw" }, ...extra };
}

/** Every error the CLI prints for a run: the per-resource error diagnostics (check failures among them) and the run's errors. */
export function printedErrors(s: RunSummary): string {
    return [...s.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), ...s.errors].join("\n");
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `engine-${prefix}-`));
}

/** A stack of the `stack` test program on the Odin simulator; its resources are set with `setResources`. */
export class OdinStack {
    readonly engine: TestEngine;

    constructor(
        readonly sim: OdinSimulator,
        readonly dir: string,
        opts: Partial<TestEngineOptions> = {},
    ) {
        const { config, secretConfig, ...rest } = opts;
        this.engine = new TestEngine({
            programDir: programPath("stack"),
            stateFile: path.join(dir, "state.json"),
            project: "trunking-test",
            ...rest,
            config: { "odin:baseUrl": sim.url, "odin:username": ODIN_USER, "odin:password": ODIN_PASSWORD, "trunking-test:resources": "[]", ...(config ?? {}) },
            secretConfig: ["odin:password", ...(secretConfig ?? [])],
        });
    }

    setResources(specs: ResourceSpec[]): void {
        this.engine.setConfig("trunking-test:resources", JSON.stringify(specs));
    }

    setCapacity(capacity: { serviceProviderId: string; dependsOn?: string[] } | undefined): void {
        if (capacity) {
            this.engine.setConfig("trunking-test:capacity", JSON.stringify(capacity));
        } else {
            this.engine.removeConfig("trunking-test:capacity");
        }
    }

    /** Trunk groups of SP1/<group> on the simulator, by name. */
    trunkGroups(groupId = "G1"): Record<string, Record<string, any>> {
        const sp = this.sim.state().serviceProviders.find((s) => s.serviceProviderId === "SP1")!;
        const g = (sp.groups ?? []).find((x) => x.groupId === groupId);
        return Object.fromEntries(((g?.trunkGroups ?? []) as Array<Record<string, any>>).map((t) => [String(t.name), t]));
    }

    /** Requests that changed something on the simulator. */
    writes(): Array<{ method: string; path: string; body?: unknown }> {
        return this.sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token") as Array<{ method: string; path: string; body?: unknown }>;
    }
}

export const TG_TYPE = "pulumi-nodejs:dynamic/odin:TrunkGroup";
export const GROUP_CAPACITY_TYPE = "pulumi-nodejs:dynamic/odin:GroupTrunkingCapacity";
export const SP_CAPACITY_TYPE = "pulumi-nodejs:dynamic/odin:ServiceProviderTrunkingCapacity";
export const ET_TYPE = "pulumi-nodejs:dynamic/odin:EnterpriseTrunk";
export const WEBEX_TYPE = "pulumi-nodejs:dynamic/webex:Trunk";

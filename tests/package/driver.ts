/**
 * Runs INSIDE the temporary consumer project made by packInstall.spec.ts, as
 * a child process whose `@pulumi/pulumi` is the project's own: it is copied
 * there with the test engine (tests/engine), keeping their relative layout, so
 * every require of `@pulumi/pulumi` (the program runner's, the package's, the
 * engine's gRPC stubs and the dynamic-provider host it starts from the
 * program's folder) resolves from the project's node_modules.
 *
 * It starts both simulators from the INSTALLED package (`pulumi-trunking/simulator`),
 * runs the project's compiled program (bin/index.js) through the engine as
 * `pulumi up` does, twice, destroys it, and
 * writes what it saw as JSON to the file named by its first argument. The test
 * asserts; this file only observes.
 *
 * Switching to another test engine: replace `engine()` below (and the list of
 * compiled folders in ENGINE_DIRS of packInstall.spec.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { RunSummary, TestEngine } from "../engine";

export interface DriverReport {
    node: string;
    sdk: {
        /** package.json of the @pulumi/pulumi the program resolves. */
        program: string;
        /** ... the one the installed pulumi-trunking resolves. */
        package: string;
        /** ... the one whose cmd/dynamic-provider the engine started. */
        host: string;
        version: string;
    };
    runs: Record<"up1" | "up2" | "destroy", { creates: number; updates: number; deletes: number; sames: number; changes: unknown[]; outputs: Record<string, unknown>; writes: number }>;
    /** Simulator state after the first up, and after destroy. */
    afterUp: { trunkGroup: Record<string, unknown> | undefined; webexTrunk: Record<string, unknown> | undefined };
    afterDestroy: { trunkGroup: boolean; webexTrunk: boolean };
    /** The serialized provider texts the engine stored in state (one per resource type). */
    providerTexts: string[];
    /** Per resource type after the first up: its inputs and outputs as stored (secrets encrypted), in bytes of compact JSON. */
    stateBytes: Record<string, number>;
    stateText: string;
    hostLogs: string;
}

export interface RunCounts {
    creates: number;
    updates: number;
    deletes: number;
    sames: number;
    changes: Array<{ urn: string; op: string }>;
    outputs: Record<string, unknown>;
}

export interface ConsumerEngine {
    up(): Promise<RunCounts>;
    destroy(): Promise<RunCounts>;
    /** Every __provider text in the saved state. */
    providerTexts(): string[];
    stateBytes(): Record<string, number>;
    stateText(): string;
    logs(): string;
}

export const SECRETS = {
    odinPassword: "Consumer-Odin-Passw0rd",
    webexToken: "consumer-webex-token-1",
    pbxSip: "Consumer-Pbx-Sip-1",
    lgwSip: "Consumer-Lgw-Sip-1",
};

/** The program's resources only: the stack resource the engine also counts (as the CLI does) is left out. */
function counts(s: RunSummary): RunCounts {
    const own = s.steps.filter((st) => st.type !== "pulumi:pulumi:Stack");
    const n = (op: string) => own.filter((st) => st.op === op).length;
    return {
        creates: n("create"),
        updates: n("update"),
        deletes: n("delete"),
        sames: n("same"),
        changes: own.filter((st) => st.op !== "same").map((st) => ({ urn: st.urn, op: st.op })),
        outputs: s.outputs,
    };
}

function engine(programDir: string, stateFile: string, config: Record<string, string>, secretConfig: string[]): ConsumerEngine {
    const eng = new TestEngine({ programDir, stateFile, project: "trunking-consumer", stack: "ci", config, secretConfig });
    return {
        up: async () => counts(await eng.up()),
        destroy: async () => counts(await eng.destroy()),
        providerTexts: () => [...new Set(eng.resources().map((r) => r.inputs.__provider).filter((t) => t !== undefined).map(String))],
        stateBytes: () =>
            Object.fromEntries(
                eng
                    .resources()
                    .filter((r) => r.inputs.__provider !== undefined)
                    .map((r) => {
                        const raw = r.raw as { inputs?: unknown; outputs?: unknown };
                        return [r.type, JSON.stringify(raw.inputs ?? {}).length + JSON.stringify(raw.outputs ?? {}).length];
                    }),
            ),
        stateText: () => eng.stateText(),
        logs: () => eng.hostOutput(),
    };
}

async function main(): Promise<void> {
    const out = process.argv[2];
    const project = process.cwd();
    const sim = require("pulumi-trunking/simulator");
    const seed = sim.sampleSeed();
    seed.logins = [{ username: "consumer", password: SECRETS.odinPassword }];
    const odin = await sim.startOdinSimulator({ seed });
    const webexSeed = sim.defaultWebexSeed();
    const webex = await sim.startWebexSimulator({ seed: webexSeed, tokens: [SECRETS.webexToken] });
    try {
        const config: Record<string, string> = {
            "odin:baseUrl": odin.url,
            "odin:username": "consumer",
            "odin:password": SECRETS.odinPassword,
            "webex:baseUrl": webex.url,
            "webex:accessToken": SECRETS.webexToken,
            "trunking-consumer:pbxSipPassword": SECRETS.pbxSip,
            "trunking-consumer:lgwPassword": SECRETS.lgwSip,
            "trunking-consumer:webexLocationId": webexSeed.locations[0].id,
        };
        const secretConfig = ["odin:password", "webex:accessToken", "trunking-consumer:pbxSipPassword", "trunking-consumer:lgwPassword"];
        const programDir = path.join(project, "bin");
        const eng = engine(programDir, path.join(project, ".state.json"), config, secretConfig);

        const writes = () =>
            odin.requests().filter((r: any) => r.method !== "GET" && r.path !== "/auth/token").length +
            webex.requests().filter((r: any) => r.method !== "GET").length;
        const clear = () => {
            odin.clearRequests();
            webex.clearRequests();
        };
        const run = async (f: () => Promise<any>) => {
            clear();
            const s = await f();
            return { creates: s.creates, updates: s.updates, deletes: s.deletes, sames: s.sames, changes: s.changes, outputs: s.outputs, writes: writes() };
        };
        const findTg = () =>
            (odin.state().serviceProviders[0].groups ?? []).find((g: any) => g.groupId === "G1")?.trunkGroups?.find((t: any) => t.name === "PBX Consumer");
        const findLgw = () => webex.state().trunks.find((t: any) => t.name === "Consumer LGW");

        const up1 = await run(() => eng.up());
        const afterUp = { trunkGroup: findTg(), webexTrunk: findLgw() };
        const providerTexts = eng.providerTexts();
        const stateBytes = eng.stateBytes();
        const stateText = eng.stateText();
        const up2 = await run(() => eng.up());
        const destroy = await run(() => eng.destroy());

        // The installed package's folder (from its main file: "exports" need not list package.json).
        const main = require.resolve("pulumi-trunking", { paths: [project] });
        const pkgDir = main.slice(0, main.lastIndexOf(`${path.sep}node_modules${path.sep}pulumi-trunking${path.sep}`)) + path.join(path.sep, "node_modules", "pulumi-trunking");
        const sdkPkg = require.resolve("@pulumi/pulumi/package.json");
        const report: DriverReport = {
            node: process.version,
            sdk: {
                program: require.resolve("@pulumi/pulumi/package.json", { paths: [project] }),
                package: require.resolve("@pulumi/pulumi/package.json", { paths: [pkgDir] }),
                // The engine starts the host it resolves from the program's folder, as
                // `pulumi up` starts the one in the project's node_modules.
                host: require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [programDir] }),
                version: require(sdkPkg).version,
            },
            runs: { up1, up2, destroy },
            afterUp,
            afterDestroy: { trunkGroup: findTg() !== undefined, webexTrunk: findLgw() !== undefined },
            providerTexts,
            stateBytes,
            stateText,
            hostLogs: eng.logs(),
        };
        fs.writeFileSync(out, JSON.stringify(report, null, 2));
    } finally {
        await odin.close();
        await webex.close();
    }
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e && e.stack ? e.stack : e);
        process.exit(1);
    });
}

/**
 * Runs INSIDE the temporary consumer project made by packInstall.spec.ts, as
 * a child process whose `@pulumi/pulumi` is the project's own: it is copied
 * there with the test engine it uses (today the lifecycle harness and the
 * provider-host helper), keeping their relative layout, so every require of
 * `@pulumi/pulumi` (the program's, the package's, the harness's and the
 * dynamic-provider host it starts) resolves from the project's node_modules.
 *
 * It starts both simulators from the INSTALLED package (`pulumi-trunking/simulator`),
 * applies the project's compiled program (bin/index.js) twice, destroys it, and
 * writes what it saw as JSON to the file named by its first argument. The test
 * asserts; this file only observes.
 *
 * Switching to another test engine: replace `engine()` below (and the list of
 * compiled folders in ENGINE_DIRS of packInstall.spec.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { LifecycleHarness } from "../harness/harness";

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
    stateText: string;
    hostLogs: string;
}

export interface ConsumerEngine {
    up(program: () => unknown): Promise<{ creates: number; updates: number; deletes: number; sames: number; changes: unknown[]; outputs: Record<string, unknown> }>;
    destroy(): Promise<{ creates: number; updates: number; deletes: number; sames: number; changes: unknown[]; outputs: Record<string, unknown> }>;
    /** Every __provider text in the saved state. */
    providerTexts(): string[];
    stateText(): string;
    logs(): string;
}

export const SECRETS = {
    odinPassword: "Consumer-Odin-Passw0rd",
    webexToken: "consumer-webex-token-1",
    pbxSip: "Consumer-Pbx-Sip-1",
    lgwSip: "Consumer-Lgw-Sip-1",
};

function engine(stateFile: string, config: Record<string, string>, secretConfig: string[]): ConsumerEngine {
    const harness = new LifecycleHarness({ stateFile, project: "trunking-consumer", stack: "ci", config, secretConfig });
    return {
        up: (program) => harness.up(program as () => Record<string, unknown>),
        destroy: () => harness.destroy(),
        providerTexts: () => {
            if (!fs.existsSync(stateFile)) {
                return [];
            }
            const saved = JSON.parse(fs.readFileSync(stateFile, "utf8")) as { resources: Record<string, { inputs: Record<string, unknown> }> };
            return [...new Set(Object.values(saved.resources).map((r) => String(r.inputs.__provider)))];
        },
        stateText: () => (fs.existsSync(stateFile) ? fs.readFileSync(stateFile, "utf8") : ""),
        logs: () => harness.logs(),
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
        const eng = engine(path.join(project, ".state.json"), config, secretConfig);
        const program = require(path.join(project, "bin", "index.js"));

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

        const up1 = await run(() => eng.up(program));
        const afterUp = { trunkGroup: findTg(), webexTrunk: findLgw() };
        const providerTexts = eng.providerTexts();
        const stateText = eng.stateText();
        const up2 = await run(() => eng.up(program));
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
                // The harness starts the host it resolves from its own folder, as the
                // engine starts the one in the program's node_modules.
                host: require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [path.join(__dirname, "..", "helpers")] }),
                version: require(sdkPkg).version,
            },
            runs: { up1, up2, destroy },
            afterUp,
            afterDestroy: { trunkGroup: findTg() !== undefined, webexTrunk: findLgw() !== undefined },
            providerTexts,
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

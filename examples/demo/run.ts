import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatCapacityTable } from "pulumi-trunking";
import type { TrunkingCapacityReport } from "pulumi-trunking";
import { startOdinSimulator } from "pulumi-trunking/simulator";

/**
 * `npm run demo`: the quickstart against the embedded Odin simulator. With the
 * Pulumi CLI on PATH it runs real `pulumi up` (through the Automation API) on a
 * throwaway local file backend; without it it uses the test engine
 * (tests/engine), which runs the same program and drives the same provider host
 * as the engine would, and says so.
 */

const REPO = path.resolve(__dirname, "..", "..", "..");

async function main(): Promise<void> {
    const sim = await startOdinSimulator();
    const sipPassword = crypto.randomBytes(12).toString("base64url");
    console.log(`Odin API simulator at ${sim.url} (sample data: service provider SP1, groups G1 and G2)`);
    const writes = () => sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token").length;
    try {
        // TRUNKING_DEMO_RUNNER=cli or test-engine chooses; by default the CLI when it is on PATH.
        const choice = process.env.TRUNKING_DEMO_RUNNER;
        const hasCli = choice === "cli" || (choice !== "test-engine" && spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0);
        const runner = hasCli ? await cliRunner(sim.url, sipPassword) : await engineRunner(sim.url, sipPassword);
        try {
            console.log(`\n== pulumi up (${runner.label})`);
            const first = await runner.up();
            console.log(`created ${first.created} trunk groups:`);
            for (const t of first.trunkGroups) {
                console.log(`  ${t.id.padEnd(22)} ${String(t.name).padEnd(10)} group ${t.groupId}  maxActiveCalls ${t.maxActiveCalls}`);
            }

            console.log(`\n== pulumi up again, same program`);
            const before = writes();
            const second = await runner.up();
            const secondWrites = writes() - before;
            console.log(`${second.changes} changes, ${secondWrites} write requests to the API`);
            if (second.changes !== 0 || secondWrites !== 0) {
                throw new Error("the second run changed something: the plan is not stable");
            }

            console.log(`\n== capacity report (stack output "capacity")`);
            console.log(formatCapacityTable(second.capacity));
            const why = explainOversubscription(second.capacity, first.trunkGroups);
            if (why.length > 0) {
                console.log(`\n${why.join("\n")}`);
            }
        } finally {
            await runner.cleanup();
        }
    } finally {
        await sim.close();
    }
}

/**
 * The sample data already fills its groups, so the quickstart's trunk groups
 * oversubscribe them. Say so, group by group, rather than leave a new user
 * looking at a table of warnings about a program they just ran.
 */
export function explainOversubscription(report: TrunkingCapacityReport, ours: Array<{ name: string; groupId: string }>): string[] {
    const over = report.groups.filter((g) => g.callCapacityOversubscribed || g.burstingCallCapacityOversubscribed);
    if (over.length === 0) {
        return [];
    }
    const list = (ts: Array<{ name: string; maxActiveCalls: number }>) => ts.map((t) => `${t.name} (${t.maxActiveCalls})`).join(", ") || "none";
    const lines = [
        `Why ${over.length === report.groups.length ? "every group is" : "some groups are"} oversubscribed: the simulator's sample data already has trunk groups,`,
        "and the quickstart adds its own next to them:",
    ];
    for (const g of over) {
        const mine = new Set(ours.filter((t) => t.groupId === g.groupId).map((t) => t.name));
        const before = g.trunkGroups.filter((t) => !mine.has(t.name));
        const added = g.trunkGroups.filter((t) => mine.has(t.name));
        lines.push(
            `  ${g.groupId}: already there ${list(before)}; added ${list(added)}: ${g.trunkGroupsCallCapacityTotal} calls ` +
                `for a group capacity of ${g.maxActiveCalls === -1 ? "unlimited" : g.maxActiveCalls}.`,
        );
    }
    lines.push(
        "BroadWorks accepted each trunk group because each fits the group's capacity on its own; at call time the group's",
        "capacity caps all of them together. On a real system you would raise the group's capacity or lower maxActiveCalls;",
        "here the report is showing what it is for.",
    );
    return lines;
}

interface RunResult {
    created: number;
    changes: number;
    trunkGroups: Array<{ id: string; name: string; groupId: string; maxActiveCalls: number }>;
    capacity: TrunkingCapacityReport;
}

interface Runner {
    label: string;
    up(): Promise<RunResult>;
    cleanup(): Promise<void>;
}

async function engineRunner(url: string, sipPassword: string): Promise<Runner> {
    console.log("The Pulumi CLI is not installed here: using the test engine (tests/engine), which runs the compiled");
    console.log("quickstart with the SDK's own program runner and drives the real dynamic-provider host over gRPC,");
    console.log("request by request as pulumi/pulumi's engine does, keeping the state in a checkpoint file.");
    const { TestEngine } = require(path.join(REPO, "dist", "tests", "engine"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-demo-"));
    const engine = new TestEngine({
        programDir: path.join(REPO, "dist", "examples", "quickstart"),
        project: "trunking-quickstart",
        stateFile: path.join(dir, "state.json"),
        config: { "odin:baseUrl": url, "odin:username": "admin", "odin:password": "admin", "trunking-quickstart:pbxASipPassword": sipPassword },
        secretConfig: ["odin:password", "trunking-quickstart:pbxASipPassword"],
    });
    return {
        label: "test engine",
        async up() {
            // The CLI's "Resources:" counts, e.g. {create: 4} (the stack included) or {same: 4}.
            const s = await engine.up();
            const ops: Record<string, number> = s.changes;
            const changes = Object.entries(ops)
                .filter(([k]) => k !== "same")
                .reduce((a, [, v]) => a + Number(v), 0);
            const created = Math.min(ops.create ?? 0, s.outputs.trunkGroups.length);
            return { created, changes, trunkGroups: s.outputs.trunkGroups, capacity: s.outputs.capacity };
        },
        async cleanup() {
            await engine.destroy();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

async function cliRunner(url: string, sipPassword: string): Promise<Runner> {
    // The Automation API drives the `pulumi` on PATH (its engine, its file backend, its
    // dynamic-provider plugin) with the quickstart as an inline program: it needs no
    // Node.js language host, and leaves no stack file in the repository.
    const auto = await import("@pulumi/pulumi/automation");
    const { quickstart } = await import("../quickstart/program");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-demo-cli-"));
    const workDir = path.join(dir, "project");
    fs.mkdirSync(workDir);
    // The engine starts the dynamic-provider plugin in the project folder, which resolves @pulumi/pulumi from there.
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(workDir, "node_modules"), "dir");
    const envVars = {
        PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: "trunking-demo",
        PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    fs.mkdirSync(path.join(dir, "backend"));
    console.log(`Using the Pulumi CLI (${spawnSync("pulumi", ["version"], { encoding: "utf8" }).stdout.trim()}) with a local file backend in ${dir}`);
    const stack = await auto.LocalWorkspace.createStack(
        { stackName: "demo", projectName: "trunking-quickstart", program: async () => quickstart() },
        { workDir, envVars, projectSettings: { name: "trunking-quickstart", runtime: "nodejs" } },
    );
    await stack.setAllConfig({
        "odin:baseUrl": { value: url },
        "odin:username": { value: "admin" },
        "odin:password": { value: "admin", secret: true },
        pbxASipPassword: { value: sipPassword, secret: true },
    });
    return {
        label: "Pulumi CLI",
        async up() {
            const r = await stack.up();
            // The update's resourceChanges, e.g. {"create": 4} or {"same": 4} (the stack resource included).
            const ops: Record<string, number> = r.summary.resourceChanges ?? {};
            const changes = Object.entries(ops)
                .filter(([k]) => k !== "same")
                .reduce((a, [, v]) => a + Number(v), 0);
            const trunkGroups = r.outputs.trunkGroups.value as RunResult["trunkGroups"];
            const created = Math.min(ops.create ?? 0, trunkGroups.length);
            return { created, changes, trunkGroups, capacity: r.outputs.capacity.value as TrunkingCapacityReport };
        },
        async cleanup() {
            await stack.destroy();
            await stack.workspace.removeStack("demo");
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

if (require.main === module) {
    main().catch((e) => {
        console.error(`demo failed: ${e instanceof Error ? e.message : e}`);
        process.exit(1);
    });
}

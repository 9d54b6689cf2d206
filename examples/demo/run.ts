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
 * Pulumi CLI installed it runs real `pulumi up` on a throwaway local file
 * backend; without it (as on CI) it uses the test engine (tests/engine), which
 * runs the same program and drives the same provider host as the engine would,
 * and says so.
 */

const REPO = path.resolve(__dirname, "..", "..", "..");

async function main(): Promise<void> {
    const sim = await startOdinSimulator();
    const sipPassword = crypto.randomBytes(12).toString("base64url");
    console.log(`Odin API simulator at ${sim.url} (sample data: service provider SP1, groups G1 and G2)`);
    const writes = () => sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token").length;
    try {
        const hasCli = process.env.CI !== "true" && spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
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
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-demo-backend-"));
    const env = {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "trunking-demo",
        PULUMI_SKIP_UPDATE_CHECKS: "true",
    };
    const pulumi = (args: string[], input?: string) => {
        const r = spawnSync("pulumi", [...args, "--non-interactive"], { cwd: REPO, env, input, encoding: "utf8" });
        if (r.status !== 0) {
            throw new Error(`pulumi ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
        }
        return r.stdout;
    };
    console.log(`Using the Pulumi CLI with a local file backend in ${backend}`);
    pulumi(["stack", "init", "demo"]);
    pulumi(["config", "set", "odin:baseUrl", url]);
    pulumi(["config", "set", "odin:username", "admin"]);
    pulumi(["config", "set", "--secret", "odin:password", "admin"]);
    pulumi(["config", "set", "--secret", "pbxASipPassword"], sipPassword);
    return {
        label: "Pulumi CLI",
        async up() {
            pulumi(["up", "--yes", "--skip-preview"]);
            // The last update's resourceChanges, e.g. {"create": 3} or {"same": 3}.
            const [last] = JSON.parse(pulumi(["stack", "history", "--json", "--page-size", "1"]));
            const ops: Record<string, number> = last?.resourceChanges ?? {};
            const outputs = JSON.parse(pulumi(["stack", "output", "--json"]));
            const changes = Object.entries(ops)
                .filter(([k]) => k !== "same")
                .reduce((a, [, v]) => a + Number(v), 0);
            // The first update also creates the stack resource itself: count trunk groups only.
            const created = Math.min(ops.create ?? 0, outputs.trunkGroups.length);
            return { created, changes, trunkGroups: outputs.trunkGroups, capacity: outputs.capacity };
        },
        async cleanup() {
            pulumi(["destroy", "--yes", "--skip-preview"]);
            pulumi(["stack", "rm", "--yes", "demo"]);
            fs.rmSync(backend, { recursive: true, force: true });
        },
    };
}

if (require.main === module) {
    main().catch((e) => {
        console.error(`demo failed: ${e instanceof Error ? e.message : e}`);
        process.exit(1);
    });
}

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
            console.log(`\n== pulumi preview (${runner.label}): the capacity report as it will be after the first up`);
            const planned = await runner.preview();
            printPreview(planned);

            console.log(`\n== pulumi up (${runner.label})`);
            const first = await runner.up();
            console.log(`created ${first.created} trunk groups:`);
            for (const t of first.trunkGroups) {
                console.log(`  ${t.id.padEnd(22)} ${String(t.name).padEnd(10)} group ${t.groupId}  maxActiveCalls ${t.maxActiveCalls}`);
            }
            const g1 = first.capacity.groups.find((g) => g.groupId === "G1");
            console.log(`and raised group G1's trunking call capacity to ${g1?.maxActiveCalls} (GroupTrunkingCapacity "g1-capacity"), before its trunk groups`);

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

            console.log(`\n== pulumi config set g1MaxActiveCalls 80 && pulumi preview: what a capacity change does, before anything is written`);
            await runner.setConfig("g1MaxActiveCalls", "80");
            const beforePreview = writes();
            printPreview(await runner.preview());
            const previewWrites = writes() - beforePreview;
            console.log(`${previewWrites} write requests to the API (a preview writes nothing)`);
            if (previewWrites !== 0) {
                throw new Error("the preview wrote to the API");
            }
        } finally {
            await runner.cleanup();
        }
    } finally {
        await sim.close();
    }
}

const show = (n: number | null | undefined) => (n === null || n === undefined ? "n/a" : n === -1 ? "unlimited" : String(n));

/** What a preview's projected report says the change does, group by group, and the policy's warnings. */
export function describePreview(p: PreviewResult): string[] {
    const r = p.capacity;
    const lines: string[] = [];
    if (r.before) {
        const parts = [];
        if (r.before.maxActiveCalls !== r.maxActiveCalls) {
            parts.push(`capacity ${show(r.before.maxActiveCalls)} -> ${show(r.maxActiveCalls)}`);
        }
        if (r.before.groupsCallCapacityTotal !== r.groupsCallCapacityTotal) {
            parts.push(`given to groups ${show(r.before.groupsCallCapacityTotal)} -> ${show(r.groupsCallCapacityTotal)} of ${show(r.maxActiveCalls)}`);
        }
        lines.push(`service provider ${r.serviceProviderId}: ${parts.join("; ")}`);
    }
    for (const g of r.groups) {
        const b = g.before;
        if (!b) {
            continue;
        }
        const parts: string[] = [];
        if (b.maxActiveCalls !== g.maxActiveCalls) {
            parts.push(`capacity ${show(b.maxActiveCalls)} -> ${show(g.maxActiveCalls)}`);
        }
        if (b.trunkGroupsCallCapacityTotal !== g.trunkGroupsCallCapacityTotal) {
            parts.push(`trunk groups take ${b.trunkGroupsCallCapacityTotal} -> ${g.trunkGroupsCallCapacityTotal} calls`);
        }
        const had = new Map(b.trunkGroups.map((t) => [t.name, t.maxActiveCalls]));
        const added = g.trunkGroups.filter((t) => !had.has(t.name)).map((t) => `${t.name} (${t.maxActiveCalls})`);
        if (added.length > 0) {
            parts.push(`adds ${added.join(", ")}`);
        }
        const over = g.callCapacityOversubscribed || g.burstingCallCapacityOversubscribed;
        const wasOver = b.callCapacityOversubscribed || b.burstingCallCapacityOversubscribed;
        parts.push(over ? (wasOver ? "still oversubscribed" : "becomes oversubscribed") : `fits (${g.trunkGroupsCallCapacityTotal} of ${show(g.maxActiveCalls)})`);
        lines.push(`group ${g.groupId}: ${parts.join("; ")}`);
    }
    if (lines.length === 0) {
        lines.push("no change to capacity");
    }
    for (const w of p.warnings) {
        lines.push(`warning: ${w}`);
    }
    return lines;
}

function printPreview(p: PreviewResult): void {
    console.log(`projected report (projected: ${p.capacity.projected === true}):`);
    for (const line of describePreview(p)) {
        console.log(`  ${line}`);
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
        "capacity caps all of them together. On a real system you would raise the group's capacity with a GroupTrunkingCapacity",
        "(as the quickstart does for G1) or lower maxActiveCalls; here the report is showing what it is for. The preview said so",
        "before anything was written (odin:oversubscription warn; deny would have stopped it).",
    );
    return lines;
}

interface RunResult {
    created: number;
    changes: number;
    trunkGroups: Array<{ id: string; name: string; groupId: string; maxActiveCalls: number }>;
    capacity: TrunkingCapacityReport;
}

interface PreviewResult {
    capacity: TrunkingCapacityReport;
    /** The warnings the preview printed (the oversubscription policy's among them). */
    warnings: string[];
}

interface Runner {
    label: string;
    preview(): Promise<PreviewResult>;
    up(): Promise<RunResult>;
    /** `pulumi config set <key> <value>` in the project's namespace. */
    setConfig(key: string, value: string): Promise<void>;
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
        async preview() {
            const s = await engine.preview();
            const warnings = s.diagnostics.filter((d: { severity: string }) => d.severity === "warning").map((d: { message: string }) => d.message);
            return { capacity: s.outputs.capacity, warnings };
        },
        async setConfig(key: string, value: string) {
            engine.setConfig(`trunking-quickstart:${key}`, value);
        },
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
        async preview() {
            // The projected report is the stack output the preview computed: in the engine's events, as `pulumi preview --json` streams them.
            let capacity: TrunkingCapacityReport | undefined;
            const warnings: string[] = [];
            await stack.preview({
                onEvent: (e) => {
                    const md = e.resOutputsEvent?.metadata;
                    if (md?.type === "pulumi:pulumi:Stack" && md.new?.outputs?.capacity) {
                        capacity = md.new.outputs.capacity as TrunkingCapacityReport;
                    }
                    if (e.diagnosticEvent?.severity === "warning") {
                        warnings.push(e.diagnosticEvent.message.trim());
                    }
                },
            });
            if (!capacity) {
                throw new Error("the preview computed no capacity report");
            }
            return { capacity, warnings };
        },
        async setConfig(key: string, value: string) {
            await stack.setConfig(key, { value });
        },
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

/**
 * What the capacity checks cost a preview, through the real `pulumi` CLI at
 * the defaults a user gets:
 *   npm run bench:preview
 *   node dist/bench/preview.js --groups 400 --per-group 5 --latency 20
 * (PULUMI_CLI_DIR: the folder scripts/pulumi-cli.sh prints; npm run bench:preview sets it.)
 *
 * One project with the package installed from its tarball (as a user installs
 * it), the Odin simulator in its own process at the given latency, seeded
 * with `per-group` trunk groups in each of `groups` groups; the stack adopts
 * them all (no write). Then, each timed as the whole `pulumi preview` process
 * and counted at the server by route:
 *   unchanged                   nothing changes: TrunkGroup's check asks nothing
 *   unchanged + report          the same with the capacity report as a stack output
 *                               (the projected report: one report read)
 *   all changed                 every maxActiveCalls + 1: each group's capacity read
 *                               at most once, shared by its trunk groups
 *   all changed, no checks      the same preview without API settings (odin:password
 *                               removed): what it costs without the capacity checks
 * The last two differ only in the checks; the bound (one capacity read per
 * group per command) is checked and a breach fails the benchmark.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { PulumiProject, REPO, cliDir, installPacked, packTree } from "./pulumiCli";
import { BENCH_LOGIN, BENCH_SP, startChildSimulator } from "./simChild";

const GROUP_CAPACITY = "GET /groups/trunk-groups/call-capacity";

interface Row {
    label: string;
    ms: number;
    requests: number;
    capacityReads: number;
    byRoute: Record<string, number>;
}

function install(root: string): string {
    const dir = path.join(root, "project");
    fs.mkdirSync(path.join(dir, "program"), { recursive: true });
    installPacked(dir, packTree(root), "trunking-bench-preview");
    fs.copyFileSync(path.join(REPO, "dist", "bench", "programs", "preview", "index.js"), path.join(dir, "program", "index.js"));
    return dir;
}

function changeCount(stdout: string): { changed: number; same: number } {
    const summary = JSON.parse(stdout).changeSummary ?? {};
    return { changed: (summary.update ?? 0) + (summary.create ?? 0) + (summary.delete ?? 0) + (summary.replace ?? 0), same: summary.same ?? 0 };
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            groups: { type: "string", default: "400" },
            "per-group": { type: "string", default: "5" },
            latency: { type: "string", default: "20" },
        },
    });
    const groups = Number(values.groups);
    const perGroup = Number(values["per-group"]);
    const latency = Number(values.latency);
    const count = groups * perGroup;
    const version = execFileSync(path.join(cliDir(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-bench-preview-"));
    const sim = await startChildSimulator({ groups, trunks: perGroup }, latency, "withTrunkGroups");
    const dir = install(root);
    const p = new PulumiProject({ name: "trunking-bench", entry: path.join(dir, "program", "index.js"), dir, nodeModules: "keep", stack: "bench" });
    const rows: Row[] = [];
    try {
        console.log(
            `pulumi ${version}, Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; ` +
                `${count} TrunkGroups in ${groups} groups (${perGroup} each), Odin simulator at ${latency} ms per request in its own process; ` +
                "pulumi's defaults (no --parallel), the package's defaults",
        );
        await p.init();
        await p.configMany(
            {
                "odin:baseUrl": sim.url,
                "odin:username": BENCH_LOGIN.username,
                "odin:password": BENCH_LOGIN.password,
                "trunking-bench:groups": String(groups),
                "trunking-bench:perGroup": String(perGroup),
                "trunking-bench:sp": BENCH_SP,
                "trunking-bench:delta": "0",
                "trunking-bench:report": "false",
            },
            ["odin:password"],
        );
        const setup = await p.up(["--skip-preview"], { timeoutMs: 3_600_000 });
        console.log(`setup: pulumi up adopting ${count} trunk groups: ${(setup.ms / 1000).toFixed(1)} s`);

        const measure = async (label: string, expect: { changed: number }): Promise<void> => {
            const since = Date.now();
            const r = await p.preview(["--json"], { timeoutMs: 3_600_000 });
            const w = await sim.window(since);
            const seen = changeCount(r.stdout);
            if (seen.changed !== expect.changed) {
                throw new Error(`${label}: the preview planned ${seen.changed} changes, not ${expect.changed}`);
            }
            rows.push({ label, ms: r.ms, requests: w.requests, capacityReads: w.byRoute[GROUP_CAPACITY] ?? 0, byRoute: w.byRoute });
        };
        await measure("unchanged", { changed: 0 });
        await p.config("trunking-bench:report", "true");
        await measure("unchanged + report", { changed: 0 });
        await p.config("trunking-bench:report", "false");
        await p.config("trunking-bench:delta", "1");
        await measure("all changed", { changed: count });
        await p.run(["config", "rm", "odin:password"]);
        await measure("all changed, no checks", { changed: count });

        console.log("\npreview                    wall s   Odin requests   group capacity reads (bound: one per group)");
        for (const r of rows) {
            console.log(`${r.label.padEnd(26)} ${(r.ms / 1000).toFixed(1).padStart(6)}   ${String(r.requests).padStart(13)}   ${String(r.capacityReads).padStart(6)} of at most ${groups}`);
        }
        const checked = rows.find((r) => r.label === "all changed")!;
        const bare = rows.find((r) => r.label === "all changed, no checks")!;
        console.log(`\nthe capacity checks of ${count} changed trunk groups: ${((checked.ms - bare.ms) / 1000).toFixed(1)} s (${(((checked.ms - bare.ms) / bare.ms) * 100).toFixed(0)}% of the preview without them)`);
        for (const r of rows) {
            console.log(`  ${r.label}: ${Object.entries(r.byRoute).map(([k, v]) => `${k} ×${v}`).join(", ") || "no request"}`);
        }
        const breach = rows.find((r) => r.capacityReads > groups);
        if (breach) {
            throw new Error(`${breach.label}: ${breach.capacityReads} group capacity reads for ${groups} groups (at most one per group)`);
        }
    } finally {
        await p.dispose();
        await sim.close();
        fs.rmSync(root, { recursive: true, force: true });
    }
}

main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
});

/**
 * TrunkGroups through the real `pulumi` CLI, at the defaults a user gets:
 *   npm run bench:cli
 *   node dist/bench/cli.js --count 500 --latency 20 --groups 10
 * (PULUMI_CLI_DIR: the folder scripts/pulumi-cli.sh prints; npm run bench:cli sets it.)
 *
 * One project, its packages installed as a user installs them (npm install of
 * the packed package beside the lockfile's @pulumi/pulumi), the Odin simulator
 * in its own process at the given latency. For each program variant, the four
 * commands of a stack's life, each timed as the whole `pulumi` process:
 * `up` (creates them all), `preview` with nothing to do, `refresh`, `destroy`.
 *
 * Variants (bench/programs/cli):
 *   noop      the same resources and inputs through a dynamic provider that does
 *             nothing: the engine's, the file backend's and the SDK's own time
 *   trunking  TrunkGroup as installed (the package in node_modules)
 *   linked    TrunkGroup with the package linked into node_modules (npm link, a
 *             file: dependency), where the provider's code, not one require of
 *             it, is written into state: what every install wrote before
 *
 * Printed per phase and variant: wall time, the provider's share (time above the
 * noop variant's), Odin requests per resource; per variant the state: bytes of
 * a resource's inputs and outputs as stored (compact JSON) and the checkpoint
 * file's size. The program runs through bench/programServer (the SDK's inline
 * language server); see there.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { PulumiProject, REPO, cliDir, installPacked, packTree } from "./pulumiCli";
import { BENCH_LOGIN, BENCH_SP, ChildSim, startChildSimulator } from "./simChild";

type Variant = "noop" | "trunking" | "linked";
type Command = "up" | "preview" | "refresh" | "destroy";
const COMMANDS: Command[] = ["up", "preview", "refresh", "destroy"];

interface Result {
    ms: Record<Command, number>;
    requests: Record<Command, number>;
    bytesPerResource: number;
    checkpointBytes: number;
}

function project(root: string, variant: Variant, tarball: string): string {
    const dir = path.join(root, variant);
    fs.mkdirSync(path.join(dir, "program"), { recursive: true });
    if (variant === "linked") {
        // The repository's own node_modules, where pulumi-trunking is a symlink to the tree (as
        // `npm link` or a file: dependency leaves it) and the SDK is the one the tree resolves.
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    } else {
        installPacked(dir, tarball, `trunking-bench-${variant}`);
    }
    fs.copyFileSync(path.join(REPO, "dist", "bench", "programs", "cli", "index.js"), path.join(dir, "program", "index.js"));
    return dir;
}

async function runVariant(variant: Variant, dir: string, sim: ChildSim, count: number, groups: number): Promise<Result> {
    const p = new PulumiProject({ name: "trunking-bench", entry: path.join(dir, "program", "index.js"), dir, nodeModules: "keep", stack: variant });
    try {
        await p.init();
        await p.configMany(
            {
                "odin:baseUrl": sim.url,
                "odin:username": BENCH_LOGIN.username,
                "odin:password": BENCH_LOGIN.password,
                "trunking-bench:count": String(count),
                "trunking-bench:groups": String(groups),
                "trunking-bench:sp": BENCH_SP,
                "trunking-bench:provider": variant === "noop" ? "noop" : "trunking",
            },
            ["odin:password"],
        );
        const ms = {} as Record<Command, number>;
        const requests = {} as Record<Command, number>;
        let bytesPerResource = 0;
        let checkpointBytes = 0;
        for (const c of COMMANDS) {
            const before = await sim.requests();
            const r = c === "preview" ? await p.preview(["--expect-no-changes"]) : c === "up" ? await p.up(["--skip-preview"]) : await p.run([c, "--yes", "--skip-preview"]);
            ms[c] = r.ms;
            requests[c] = (await sim.requests()) - before;
            if (c === "up") {
                const { deployment } = await p.exportState(false);
                const own = deployment.resources.filter((x: any) => x.type.startsWith("pulumi-nodejs:dynamic/"));
                if (own.length !== count) {
                    throw new Error(`${variant}: ${own.length} resources after up, not ${count}`);
                }
                bytesPerResource = own.reduce((a: number, x: any) => a + JSON.stringify(x.inputs).length + JSON.stringify(x.outputs).length, 0) / own.length;
                checkpointBytes = fs.statSync(path.join(p.backend, ".pulumi", "stacks", "trunking-bench", `${variant}.json`)).size;
            }
        }
        return { ms, requests, bytesPerResource, checkpointBytes };
    } finally {
        await p.dispose();
    }
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            count: { type: "string", default: "500" },
            latency: { type: "string", default: "20" },
            groups: { type: "string", default: "10" },
            variants: { type: "string", default: "noop,trunking,linked" },
        },
    });
    const count = Number(values.count);
    const latency = Number(values.latency);
    const groups = Number(values.groups);
    const variants = values.variants!.split(",") as Variant[];
    const version = execFileSync(path.join(cliDir(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-bench-cli-"));
    try {
        const tarball = packTree(root);
        console.log(
            `pulumi ${version}, @pulumi/pulumi ${JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version}, Node ${process.version}, ` +
                `${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; ${count} TrunkGroups in ${groups} groups, Odin simulator at ${latency} ms per request ` +
                "in its own process; pulumi's defaults (no --parallel), the package's defaults (adaptive concurrency)",
        );
        const results: Partial<Record<Variant, Result>> = {};
        for (const v of variants) {
            const dir = project(root, v, tarball);
            const sim = await startChildSimulator({ groups, trunks: 0 }, latency, "withTrunkGroups");
            try {
                results[v] = await runVariant(v, dir, sim, count, groups);
            } finally {
                await sim.close();
            }
        }
        const noop = results.noop;
        console.log("\nphase     variant    wall s   provider's share   Odin requests / resource");
        for (const c of COMMANDS) {
            for (const v of variants) {
                const r = results[v]!;
                const share = noop && v !== "noop" ? `${(((r.ms[c] - noop.ms[c]) / r.ms[c]) * 100).toFixed(0)}% (${((r.ms[c] - noop.ms[c]) / 1000).toFixed(1)} s)` : "";
                console.log(`${c.padEnd(9)} ${v.padEnd(9)} ${(r.ms[c] / 1000).toFixed(1).padStart(7)}   ${share.padEnd(16)}   ${(r.requests[c] / count).toFixed(2)}`);
            }
        }
        console.log("\nstate after up   bytes / resource (inputs + outputs)   checkpoint file");
        for (const v of variants) {
            const r = results[v]!;
            console.log(`${v.padEnd(16)} ${r.bytesPerResource.toFixed(0).padStart(10)}                          ${(r.checkpointBytes / 1024 / 1024).toFixed(2)} MiB`);
        }
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
}

main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
});

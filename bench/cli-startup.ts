/**
 * Start-up of `trunking-capacity --help`: wall time and peak memory of the
 * whole process, next to bare `node` and to a process that loads the package
 * root (which brings @pulumi/pulumi, as the CLI did before it was split).
 * Each command runs `--runs` times after one warm-up; the median is printed.
 *   npm run bench:cli-startup   (or: node dist/bench/cli-startup.js --runs 7)
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";

const DIST = path.resolve(__dirname, "..");

interface Sample {
    wallMs: number;
    peakRssMb: number;
    pulumiLoaded: boolean;
}

/** Reports, from inside the measured process at exit, its peak RSS and whether @pulumi was loaded. */
const PRELOAD = `process.on("exit", () => {
  const mods = Object.keys(require.cache);
  require("fs").writeFileSync(process.env.STARTUP_OUT, JSON.stringify({
    peakRssKb: process.resourceUsage().maxRSS,
    pulumiLoaded: mods.some((m) => /[\\/]@pulumi[\\/]/.test(m)),
  }));
});
`;

function sample(args: string[], preload: string, out: string): Sample {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-r", preload, ...args], { env: { PATH: process.env.PATH, STARTUP_OUT: out }, encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) {
        throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    }
    const inside = JSON.parse(fs.readFileSync(out, "utf8")) as { peakRssKb: number; pulumiLoaded: boolean };
    return { wallMs, peakRssMb: inside.peakRssKb / 1024, pulumiLoaded: inside.pulumiLoaded };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
    const { values } = parseArgs({ options: { runs: { type: "string" } } });
    const runs = Number(values.runs ?? 7);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-startup-"));
    const preload = path.join(dir, "preload.js");
    const out = path.join(dir, "out.json");
    fs.writeFileSync(preload, PRELOAD);
    const commands: Array<[string, string[]]> = [
        ["node -e 0 (bare Node)", ["-e", "0"]],
        ["trunking-capacity --help", [path.join(DIST, "bin", "trunking-capacity.js"), "--help"]],
        ["require the package root (@pulumi/pulumi)", ["-e", `require(${JSON.stringify(path.join(DIST, "provider", "index.js"))})`]],
    ];
    try {
        console.log(`start-up, ${runs} runs each after one warm-up, median; Node ${process.version}, ${os.cpus().length} cores\n`);
        console.log(`${"command".padEnd(44)} ${"wall time".padStart(10)} ${"peak RSS".padStart(9)} ${"@pulumi loaded".padStart(15)}`);
        for (const [label, args] of commands) {
            sample(args, preload, out);
            const samples = Array.from({ length: runs }, () => sample(args, preload, out));
            console.log(
                `${label.padEnd(44)} ${`${median(samples.map((s) => s.wallMs)).toFixed(0)} ms`.padStart(10)} ` +
                    `${`${median(samples.map((s) => s.peakRssMb)).toFixed(0)} MB`.padStart(9)} ${String(samples[0].pulumiLoaded).padStart(15)}`,
            );
        }
        console.log("\nwall time: from spawn to exit, measured by this script; peak RSS: the process's own maxRSS at exit.");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main();

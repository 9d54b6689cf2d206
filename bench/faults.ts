/**
 * The fault run of issue 13 as a table: a stack of TrunkGroups and
 * WebexTrunks taken through create, update, rename, refresh and delete by the
 * test engine and the real provider host, with both APIs behind the
 * independent fault proxy (every fault kind, Odin tokens revoked every 3 s),
 * then the simulators' state judged against the checkpoint and the program.
 *   npm run bench:faults     (or: node dist/bench/faults.js --odin 96 --webex 12 --rate 0.25 --seed 7)
 * Exits 1 when anything was lost, orphaned, duplicated, wrong, stuck or hung,
 * a failure came before the retries were used up or without saying what to
 * run, or a secret was found.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { FAULT_KINDS } from "../tests/faults/proxy";
import { runFaultScenario } from "../tests/faults/scenario/run";

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { odin: { type: "string" }, webex: { type: "string" }, rate: { type: "string" }, seed: { type: "string" }, verbose: { type: "boolean" } } });
    const odinCount = Number(values.odin ?? 96);
    const webexCount = Number(values.webex ?? 12);
    const rate = Number(values.rate ?? 0.25);
    const seed = Number(values.seed ?? 7);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-faults-"));
    console.log(`fault run: ${odinCount} TrunkGroups + ${webexCount} WebexTrunks, ${Math.round(rate * 100)}% of requests faulted (every kind), Odin tokens revoked every 3 s, seed ${seed}\n`);
    try {
        const r = await runFaultScenario({ odinCount, webexCount, seed, rate, dir, timeBudgetMs: 900_000, log: values.verbose ? (l) => console.log(`  ${l}`) : undefined });
        const ops = r.operations;
        const failedRuns = r.commands.filter((c) => !c.ok).length;
        const f = r.findings;
        const rows: Array<[string, string | number]> = [
            ["lifecycles", r.lifecycles],
            ["operations", `${ops.create + ops.update + ops.refresh + ops.delete} (${ops.create} creates, ${ops.update} updates incl. ${ops.rename} renames, ${ops.refresh} refreshes, ${ops.delete} deletes)`],
            ["commands (failed, then run again)", `${r.commands.length} (${failedRuns})`],
            ["requests (sent upstream)", `${r.requests} (${r.upstreamRequests})`],
            ["faults", `${r.totalFaults} (${((100 * r.totalFaults) / Math.max(1, r.requests)).toFixed(0)}% of requests), token revocations ${r.revocations}`],
            ...FAULT_KINDS.map((k): [string, number] => [`  ${k}`, r.faults[k]]),
            ["retries", r.retries],
            ["lost", f.lost.length],
            ["orphaned", f.orphaned.length],
            ["duplicated", f.duplicated.length],
            ["wrong values", f.wrongValues.length],
            ["stuck", f.stuck.length],
            ["hung", r.hung.length],
            ["failures before retries were used up", r.premature.length],
            ["failures not saying what to run", r.unexplained.length],
            ["secrets found", r.secretsFound.length],
            ["wall time", `${(r.wallMs / 1000).toFixed(1)} s`],
        ];
        console.log("| measure | value |\n| --- | --- |");
        for (const [k, v] of rows) {
            console.log(`| ${k} | ${v} |`);
        }
        const problems = [...f.lost, ...f.orphaned, ...f.duplicated, ...f.wrongValues, ...f.stuck, ...r.hung, ...r.premature, ...r.unexplained, ...r.secretsFound];
        if (problems.length > 0) {
            console.log(`\n${problems.join("\n")}`);
            process.exitCode = 1;
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});

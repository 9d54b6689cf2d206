/**
 * The fault run as figures: 50 trunk groups created, updated (5 renamed) and
 * 20 deleted in parallel through the real provider host while the Odin
 * simulator answers 10% of requests with 429 (Retry-After: 1), 5% with 503,
 * drops 2% of connections, and tokens expire mid-run.
 *   npm run bench:faults     (or: node dist/bench/faults.js --count 50 --seed 7)
 */
import { parseArgs } from "util";
import { runFaultScenario } from "../tests/helpers/faultScenario";

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { count: { type: "string" }, seed: { type: "string" } } });
    const r = await runFaultScenario(Number(values.count ?? 50), Number(values.seed ?? 7));
    const ops = r.operations;
    const line = (k: string, v: string | number) => console.log(`${k.padEnd(38)} ${v}`);
    console.log("fault run: 10% 429 (Retry-After 1 s), 5% 503, 2% dropped connections, token TTL 3 s + forced expiry\n");
    line("operations", `${ops.creates + ops.updates + ops.deletes} (${ops.creates} creates, ${ops.updates} updates incl. ${ops.renames} renames, ${ops.deletes} deletes)`);
    line("requests served", r.requests);
    line("faults injected: 429/503 answers", r.faults.status);
    line("faults injected: dropped connections", r.faults.drop);
    line("retries (faulted requests re-sent)", r.retries);
    line("logins / token refreshes", `${r.logins} / ${r.refreshes}`);
    line("wall time", `${(r.wallMs / 1000).toFixed(1)} s`);
    line("lost", r.lost.length);
    line("duplicated", r.duplicated.length);
    line("wrong values", r.wrongValues.length);
    line("left over", r.leftovers.length);
    const leaked = r.secrets.filter((s) => r.hostLogs.includes(s) || r.providerText.includes(s));
    line("secrets found in logs / provider text", leaked.length);
    if (r.lost.length + r.duplicated.length + r.wrongValues.length + r.leftovers.length + leaked.length > 0) {
        process.exitCode = 1;
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});

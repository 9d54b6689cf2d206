/**
 * The fault proxy from a shell, e.g. in front of `trunking-sim`:
 *   node dist/tests/faults/proxy/cli.js --upstream http://127.0.0.1:8080/api/v2 --rate 0.25 --seed 7 [--port 8099] [--kinds 429,null-200]
 * Prints its URL, then its stats on Ctrl-C.
 */
import { parseArgs } from "util";
import { FAULT_KINDS, FaultKind, formatProxyStats, startFaultProxy } from "./index";

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            upstream: { type: "string" },
            rate: { type: "string" },
            seed: { type: "string" },
            port: { type: "string" },
            kinds: { type: "string" },
            "revoke-every-ms": { type: "string" },
            help: { type: "boolean" },
        },
    });
    if (values.help || !values.upstream) {
        console.log(`usage: --upstream URL [--rate 0..1] [--seed N] [--port N] [--kinds a,b] [--revoke-every-ms N]\nkinds: ${FAULT_KINDS.join(", ")}`);
        process.exitCode = values.help ? 0 : 2;
        return;
    }
    const proxy = await startFaultProxy({
        upstream: values.upstream,
        rate: Number(values.rate ?? 0.25),
        seed: Number(values.seed ?? 1),
        port: values.port ? Number(values.port) : undefined,
        kinds: values.kinds ? (values.kinds.split(",") as FaultKind[]) : undefined,
        revokeEvery: values["revoke-every-ms"] ? { ms: Number(values["revoke-every-ms"]) } : undefined,
    });
    console.log(`fault proxy at ${proxy.url} -> ${values.upstream}`);
    process.on("SIGINT", () => {
        console.log(`\n${formatProxyStats(proxy.stats())}`);
        void proxy.close().then(() => process.exit(0));
    });
}

main().catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
});

#!/usr/bin/env node
/**
 * trunking-sim: run the Odin API simulator in the foreground, for demos and
 * for pointing a Pulumi program at (odin:baseUrl) without a real BroadWorks.
 */
import { startOdinSimulator } from "../provider/simulator";
import type { OdinSimulatorOptions } from "../provider/simulator";

const USAGE = `usage: trunking-sim [--seed file.json] [--port N] [--latency-ms N] [--token-ttl SECONDS]
                    [--random-seed N] [--capacity-report withTrunkGroups|groupsOnly|none]

Starts a local Odin API (BroadWorks trunk groups) on 127.0.0.1 and runs until
Ctrl-C. Without --seed it serves the built-in sample (login admin/admin,
service provider SP1, groups G1 and G2).`;

function parseArgs(argv: string[]): OdinSimulatorOptions {
    const opts: OdinSimulatorOptions = {};
    const number = (flag: string, v: string | undefined): number => {
        const n = Number(v);
        if (v === undefined || v.trim() === "" || !Number.isFinite(n) || n < 0) {
            throw new Error(`${flag} needs a non-negative number`);
        }
        return n;
    };
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] = argv[i].split(/=(.*)/s, 2);
        const value = () => (inline !== undefined ? inline : argv[++i]);
        switch (flag) {
            case "--seed":
                opts.seed = value();
                if (!opts.seed) {
                    throw new Error("--seed needs a file name");
                }
                break;
            case "--port":
                opts.port = number(flag, value());
                break;
            case "--latency-ms":
                opts.latencyMs = number(flag, value());
                break;
            case "--token-ttl":
                opts.tokenTtlSeconds = number(flag, value());
                break;
            case "--random-seed":
                opts.randomSeed = number(flag, value());
                break;
            case "--capacity-report": {
                const v = value();
                if (v !== "withTrunkGroups" && v !== "groupsOnly" && v !== "none") {
                    throw new Error("--capacity-report must be withTrunkGroups, groupsOnly or none");
                }
                opts.capacityReport = v;
                break;
            }
            case "-h":
            case "--help":
                console.log(USAGE);
                process.exit(0);
                break;
            default:
                throw new Error(`unknown option ${argv[i]}`);
        }
    }
    return opts;
}

async function main(): Promise<void> {
    let opts: OdinSimulatorOptions;
    try {
        opts = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error(`trunking-sim: ${(e as Error).message}\n\n${USAGE}`);
        process.exit(2);
    }
    const sim = await startOdinSimulator(opts);
    const login = sim.state().logins[0];
    console.log(`Odin API simulator listening on ${sim.url}`);
    if (login) {
        console.log(`Login: ${login.username} / ${login.password}`);
        console.log(`  pulumi config set odin:baseUrl ${sim.url}`);
        console.log(`  pulumi config set odin:username ${login.username}`);
        console.log(`  pulumi config set --secret odin:password <password>`);
    } else {
        console.log("The seed has no logins: every request will be refused with 401.");
    }
    console.log("Press Ctrl-C to stop.");

    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) {
            return;
        }
        stopping = true;
        console.log(`\n${signal}: stopping after ${sim.requests().length} request(s).`);
        sim.close().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e) => {
    console.error(`trunking-sim: ${(e as Error).message}`);
    process.exit(1);
});

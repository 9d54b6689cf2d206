/**
 * trunking-sim's command line, parsed into simulator options without side
 * effects (so it can be tested without starting anything). Both simulators
 * run by default; either can be turned off. Seeds given on the command line
 * are judged strictly (unknown keys, capacity rules), since a hand-written
 * file is where typos and impossible states come from.
 */
import type { CapacityReportMode, OdinSimulatorOptions } from "./odin";
import { nearestName } from "./seedKeys";
import type { ThrottleOptions } from "./throttle";
import type { TrunkGetShape, WebexSimulatorOptions } from "./webex";

export const SIM_USAGE = `usage: trunking-sim [--no-odin | --no-webex]
                    [--odin-port N] [--odin-seed file.json] [--capacity-report withTrunkGroups|groupsOnly|none]
                    [--token-ttl SECONDS]
                    [--webex-port N] [--webex-seed file.json] [--webex-token TOKEN] [--trunk-get-shape wxc_sdk|spec]
                    [--latency-ms N] [--random-seed N]
                    [--throttle-in-flight N] [--throttle-per-second R] [--throttle-retry-after SECONDS]

Starts a local Odin API (BroadWorks trunk groups) and a local Webex Calling
trunk API on 127.0.0.1 and runs until Ctrl-C, printing the environment
variables that point the Pulumi providers and the CLIs at them.

Without seeds they serve the built-in samples: Odin login admin/admin with
service provider SP1 (groups G1 and G2, three trunk groups); a Webex org
with three locations, two trunks (Boston LGW, San Jose SBC) and the token
webex-test-token. A seed file is checked key by key (a typo
is named with the key it most likely meant) and against the simulators'
capacity rules, and refused with the place of each problem.

  -h, --help              this text
  --no-odin, --no-webex   run only the other simulator
  --port, --seed          the same as --odin-port, --odin-seed
  --throttle-*            a real server's capacity: 429 above N requests in
                          flight or R requests per second (both simulators)`;

export interface SimCliOptions {
    odin?: OdinSimulatorOptions;
    webex?: WebexSimulatorOptions;
    help?: true;
}

const FLAGS = [
    "--no-odin",
    "--no-webex",
    "--odin-port",
    "--port",
    "--odin-seed",
    "--seed",
    "--capacity-report",
    "--token-ttl",
    "--webex-port",
    "--webex-seed",
    "--webex-token",
    "--trunk-get-shape",
    "--latency-ms",
    "--random-seed",
    "--throttle-in-flight",
    "--throttle-per-second",
    "--throttle-retry-after",
    "--help",
];

export function parseSimArgs(argv: string[]): SimCliOptions {
    const odin: OdinSimulatorOptions = { strictSeed: true };
    const webex: WebexSimulatorOptions = { strictSeed: true };
    let runOdin = true;
    let runWebex = true;
    const throttle: ThrottleOptions = {};
    const number = (flag: string, v: string | undefined, min = 0): number => {
        const n = Number(v);
        if (v === undefined || v.trim() === "" || !Number.isFinite(n) || n < min) {
            throw new Error(`${flag} needs a number >= ${min}${v === undefined ? "" : `, got ${JSON.stringify(v)}`}`);
        }
        return n;
    };
    const port = (flag: string, v: string | undefined): number => {
        const n = number(flag, v);
        if (!Number.isInteger(n) || n > 65535) {
            throw new Error(`${flag} needs a port from 0 to 65535, got ${JSON.stringify(v)}`);
        }
        return n;
    };
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] = argv[i].split(/=(.*)/s, 2);
        const value = () => {
            const v = inline !== undefined ? inline : argv[++i];
            if (v === undefined || (inline === undefined && v.startsWith("--"))) {
                throw new Error(`${flag} needs a value`);
            }
            return v;
        };
        switch (flag) {
            case "--no-odin":
                runOdin = false;
                break;
            case "--no-webex":
                runWebex = false;
                break;
            case "--odin-port":
            case "--port":
                odin.port = port(flag, value());
                break;
            case "--odin-seed":
            case "--seed":
                odin.seed = value();
                break;
            case "--capacity-report": {
                const v = value();
                if (v !== "withTrunkGroups" && v !== "groupsOnly" && v !== "none") {
                    throw new Error(`--capacity-report must be withTrunkGroups, groupsOnly or none, got ${JSON.stringify(v)}`);
                }
                odin.capacityReport = v as CapacityReportMode;
                break;
            }
            case "--token-ttl":
                odin.tokenTtlSeconds = number(flag, value());
                break;
            case "--webex-port":
                webex.port = port(flag, value());
                break;
            case "--webex-seed":
                webex.seed = value();
                break;
            case "--webex-token":
                webex.tokens = [value()];
                break;
            case "--trunk-get-shape": {
                const v = value();
                if (v !== "wxc_sdk" && v !== "spec") {
                    throw new Error(`--trunk-get-shape must be wxc_sdk or spec, got ${JSON.stringify(v)}`);
                }
                webex.trunkGetShape = v as TrunkGetShape;
                break;
            }
            case "--latency-ms":
                odin.latencyMs = webex.latencyMs = number(flag, value());
                break;
            case "--random-seed":
                odin.randomSeed = webex.randomSeed = number(flag, value());
                break;
            case "--throttle-in-flight":
                throttle.maxInFlight = number(flag, value(), 1);
                break;
            case "--throttle-per-second":
                throttle.maxPerSecond = number(flag, value(), 1);
                break;
            case "--throttle-retry-after":
                throttle.retryAfterSeconds = number(flag, value());
                break;
            case "-h":
            case "--help":
                return { help: true };
            default: {
                const near = flag.startsWith("--") ? nearestName(flag, FLAGS) : undefined;
                throw new Error(`unknown option ${argv[i]}${near ? `; did you mean ${near}?` : ""}`);
            }
        }
    }
    if (!runOdin && !runWebex) {
        throw new Error("--no-odin and --no-webex together leave nothing to run");
    }
    if (throttle.retryAfterSeconds !== undefined && throttle.maxInFlight === undefined && throttle.maxPerSecond === undefined) {
        throw new Error("--throttle-retry-after needs --throttle-in-flight or --throttle-per-second");
    }
    if (throttle.maxInFlight !== undefined || throttle.maxPerSecond !== undefined) {
        odin.throttle = { ...throttle };
        webex.throttle = { ...throttle };
    }
    return { ...(runOdin ? { odin } : {}), ...(runWebex ? { webex } : {}) };
}

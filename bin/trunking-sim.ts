#!/usr/bin/env node
/**
 * trunking-sim: run the Odin and Webex API simulators in the foreground, for
 * demos and for pointing a Pulumi program or the CLIs at them from a shell
 * (examples/webex-and-broadworks needs both) without a real BroadWorks or
 * Webex org.
 */
import "./nodeCheck";
import { DEFAULT_WEBEX_TOKEN, OdinSimulator, sampleWebexSeed, startOdinSimulator, startWebexSimulator, WebexSimulator } from "../provider/simulator";
import { parseSimArgs, SIM_USAGE, SimCliOptions } from "../provider/simulator/cliArgs";

async function main(): Promise<void> {
    let opts: SimCliOptions;
    try {
        opts = parseSimArgs(process.argv.slice(2));
    } catch (e) {
        console.error(`trunking-sim: ${(e as Error).message}\n\n${SIM_USAGE}`);
        process.exit(2);
    }
    if (opts.help) {
        console.log(SIM_USAGE);
        return;
    }

    const started: Array<OdinSimulator | WebexSimulator> = [];
    const stopAll = () => Promise.all(started.map((s) => s.close()));
    let odin: OdinSimulator | undefined;
    let webex: WebexSimulator | undefined;
    try {
        if (opts.odin) {
            odin = await startOdinSimulator(opts.odin);
            started.push(odin);
        }
        if (opts.webex) {
            // Without a seed, an org with trunks in it, as the Odin side has trunk groups.
            webex = await startWebexSimulator({ ...opts.webex, seed: opts.webex.seed ?? sampleWebexSeed() });
            started.push(webex);
        }
    } catch (e) {
        await stopAll();
        console.error(`trunking-sim: ${(e as Error).message}`);
        process.exit(1);
    }
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) {
            return;
        }
        stopping = true;
        const count = started.reduce((n, s) => n + s.requests().length, 0);
        console.log(`\n${signal}: stopping after ${count} request(s).`);
        stopAll().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    // Print only once the handlers are in place: whoever reads "Press Ctrl-C to stop." may signal at once.
    console.log(describe(opts, odin, webex));
}

/**
 * What is running and the environment variables to export. Credentials are
 * printed only when they are the built-in samples' public ones; a seed's own
 * password or a token given on the command line is left as a placeholder,
 * so it does not end up in terminal scrollback or CI logs.
 */
function describe(opts: SimCliOptions, odin: OdinSimulator | undefined, webex: WebexSimulator | undefined): string {
    const lines: string[] = [];
    const env: string[] = [];
    const throttle = (opts.odin ?? opts.webex)?.throttle;
    if (odin) {
        const state = odin.state();
        const login = state.logins[0];
        lines.push(`Odin API simulator listening on ${odin.url}`);
        for (const sp of state.serviceProviders) {
            lines.push(`  service provider ${sp.serviceProviderId}: groups ${(sp.groups ?? []).map((g) => g.groupId).join(", ") || "(none)"}`);
        }
        env.push(`export ODIN_BASE_URL=${odin.url}`);
        if (login) {
            const builtIn = opts.odin?.seed === undefined;
            env.push(`export ODIN_USERNAME=${shellQuote(login.username)}`);
            env.push(builtIn ? `export ODIN_PASSWORD=${login.password}    # the built-in sample's login` : `export ODIN_PASSWORD='<the password of ${login.username} in your seed>'`);
        } else {
            lines.push("  The seed has no logins: every request will be refused with 401.");
        }
    }
    if (webex) {
        const state = webex.state();
        lines.push(`Webex API simulator listening on ${webex.url}`);
        for (const l of state.locations) {
            const trunks = (state.trunks ?? []).filter((t) => t.locationId === l.id).map((t) => t.name);
            lines.push(`  location ${l.name}: ${l.id}${trunks.length > 0 ? ` (trunks: ${trunks.join(", ")})` : ""}`);
        }
        env.push(`export WEBEX_BASE_URL=${webex.url}`);
        env.push(
            opts.webex?.tokens === undefined
                ? `export WEBEX_ACCESS_TOKEN=${DEFAULT_WEBEX_TOKEN}    # the built-in token`
                : `export WEBEX_ACCESS_TOKEN='<the token you gave with --webex-token>'`,
        );
    }
    if (throttle) {
        lines.push(
            `Throttling: 429 above ${[throttle.maxInFlight && `${throttle.maxInFlight} in flight`, throttle.maxPerSecond && `${throttle.maxPerSecond}/s`].filter(Boolean).join(" or ")}.`,
        );
    }
    lines.push("", "Point the providers and the CLIs at them (stack config odin:* / webex:* works too):", ...env.map((e) => `  ${e}`));
    if (odin && webex) {
        const first = webex.state().locations[0];
        if (first) {
            lines.push("For examples/webex-and-broadworks, also:", `  pulumi config set webexLocationId ${first.id}    # ${first.name}`);
        }
    }
    lines.push("Press Ctrl-C to stop.");
    return lines.join("\n");
}

function shellQuote(s: string): string {
    return /^[A-Za-z0-9@%+=:,./_-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

main().catch((e) => {
    console.error(`trunking-sim: ${(e as Error).message}`);
    process.exit(1);
});

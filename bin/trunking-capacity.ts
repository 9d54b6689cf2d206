#!/usr/bin/env node
/**
 * trunking-capacity: the trunking capacity report of a service provider or
 * enterprise, as a table per group or as JSON. Same settings as the
 * TrunkGroup resource: flags, else the ODIN_* environment variables.
 *
 * Imports only the Pulumi-free part of the package (capacity/run, the Odin
 * client, the settings reader), so it starts in a fraction of the time and
 * memory @pulumi/pulumi would take; a test keeps it that way.
 */
import "./nodeCheck";
import { parseArgs } from "util";
import { SecretRegistry } from "../provider/http/redact";
import { scrubbedLogger } from "../provider/capacity/log";
import { capacityArgsProblem, trunkingCapacityReport } from "../provider/capacity/run";
import { formatCapacityTable } from "../provider/capacity/table";
import { OdinClient } from "../provider/odin/client";
import { suggestName } from "../provider/util/settings";
import { CONCURRENCY_HELP, CONCURRENCY_OPTION, ODIN_CONNECTION_HELP, ODIN_CONNECTION_OPTIONS, ODIN_CONNECTION_USAGE, odinSettingsFromFlags } from "./connection";

const USAGE = `usage: trunking-capacity -s|--service-provider SP [-g|--group G]... [--enterprise-trunks] [--json]
                         [--concurrency adaptive|N] [--no-report-endpoint] [-h|--help]
                         ${ODIN_CONNECTION_USAGE}

${ODIN_CONNECTION_HELP}
${CONCURRENCY_HELP("ODIN")}

With --group, the table lists those groups only; the service-provider totals
still cover every group.`;

const OPTIONS = {
    "service-provider": { type: "string", short: "s" },
    group: { type: "string", short: "g", multiple: true },
    "enterprise-trunks": { type: "boolean" },
    json: { type: "boolean" },
    ...CONCURRENCY_OPTION,
    "no-report-endpoint": { type: "boolean" },
    ...ODIN_CONNECTION_OPTIONS,
    help: { type: "boolean", short: "h" },
} as const;

class UsageError extends Error {}

function parse(argv: string[]) {
    try {
        return parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
    } catch (e) {
        const err = e as Error & { code?: string };
        const flag = /'(--?[^']+)'/.exec(err.message)?.[1];
        const near = err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag ? suggestName(flag.replace(/^-+/, ""), Object.keys(OPTIONS)) : undefined;
        throw new UsageError(near ? `unknown option ${flag}; did you mean --${near}?` : err.message);
    }
}

/** Whether the progress line is on screen without its newline: a log line must then start on a line of its own. */
let progressOpen = false;

function stderrLine(text: string): void {
    process.stderr.write(`${progressOpen ? "\n" : ""}${text}\n`);
    progressOpen = false;
}

const stderrSink = {
    warn: (line: string) => stderrLine(`trunking-capacity: warning: ${line}`),
    info: (line: string) => stderrLine(`trunking-capacity: ${line}`),
    debug: (line: string) => stderrLine(`trunking-capacity: debug: ${line}`),
};

async function main(argv: string[]): Promise<number> {
    const values = parse(argv);
    if (values.help) {
        await write(`${USAGE}\n`);
        return 0;
    }
    if (!values["service-provider"]) {
        throw new UsageError("--service-provider is required");
    }
    const args = {
        serviceProviderId: values["service-provider"],
        groupIds: values.group,
        includeEnterpriseTrunks: values["enterprise-trunks"],
    };
    const problem = capacityArgsProblem(args);
    if (problem) {
        // The function's words are its argument names; say the flag instead.
        throw new UsageError(problem.replace(/^serviceProviderId/, "--service-provider").replace(/^groupIds/, "--group"));
    }
    const settings = odinSettingsFromFlags(values);
    const secrets = new SecretRegistry();
    secrets.add(settings.password);
    const log = scrubbedLogger(secrets, stderrSink);
    settings.warnings.forEach((w) => log("warn", w));
    // The settings carry the transport's concurrency option (adaptive or exactly --concurrency N).
    const { warnings: _w, sources: _s, ...clientSettings } = settings;
    const client = new OdinClient({ ...clientSettings, secrets, log });
    const tty = process.stderr.isTTY && !values.json;
    const report = await trunkingCapacityReport(client, args, {
        useReportEndpoint: values["no-report-endpoint"] ? false : undefined,
        onProgress: tty
            ? (done, total) => {
                  process.stderr.write(`\rgroups ${done}/${total}${done === total ? "\n" : ""}`);
                  progressOpen = done !== total;
              }
            : undefined,
    });
    await write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCapacityTable(report)}\n`);
    return 0;
}

/** Resolves once the text is handed to the OS: exiting earlier would cut a large report short on a pipe. */
function write(text: string): Promise<void> {
    return new Promise((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
        if (e instanceof UsageError) {
            process.stderr.write(`trunking-capacity: ${e.message}\n\n${USAGE}\n`);
            process.exit(2);
        }
        process.stderr.write(`trunking-capacity: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    },
);

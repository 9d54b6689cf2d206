#!/usr/bin/env node
/**
 * trunking-capacity: the trunking capacity report of a service provider or
 * enterprise, as a table per group, JSON, Markdown, CSV or an HTML page; and
 * `trunking-capacity render`, which renders a saved report without API
 * access. Same settings as the TrunkGroup resource: flags, else the ODIN_*
 * environment variables.
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
import { OdinClient } from "../provider/odin/client";
import { suggestName } from "../provider/util/settings";
import { ProgressBar } from "./progress";
import { FlagError, OUTPUT_HELP, OUTPUT_OPTIONS, OUTPUT_USAGE, RENDER_OPTIONS, RENDER_USAGE, ReportInputError, checkOutputFlags, readReport, writeOutputs } from "./render";
import { CONCURRENCY_HELP, CONCURRENCY_OPTION, ODIN_CONNECTION_HELP, ODIN_CONNECTION_OPTIONS, ODIN_CONNECTION_USAGE, odinSettingsFromFlags } from "./connection";

const USAGE = `usage: trunking-capacity -s|--service-provider SP [-g|--group G]... [--enterprise-trunks]
                         ${OUTPUT_USAGE}
                         [--concurrency adaptive|N] [--no-report-endpoint] [-h|--help]
                         ${ODIN_CONNECTION_USAGE}
       trunking-capacity render --help      (render a saved report, without API access)

${ODIN_CONNECTION_HELP}
${CONCURRENCY_HELP("ODIN")}

With --group, the table lists those groups only; the service-provider totals
still cover every group.

${OUTPUT_HELP}
On a terminal, stderr shows a progress bar (groups done, requests, time) while the report is fetched.`;

const OPTIONS = {
    "service-provider": { type: "string", short: "s" },
    group: { type: "string", short: "g", multiple: true },
    "enterprise-trunks": { type: "boolean" },
    ...OUTPUT_OPTIONS,
    ...CONCURRENCY_OPTION,
    "no-report-endpoint": { type: "boolean" },
    ...ODIN_CONNECTION_OPTIONS,
    help: { type: "boolean", short: "h" },
} as const;

class UsageError extends Error {
    constructor(
        message: string,
        readonly usage = USAGE,
    ) {
        super(message);
    }
}

function parse<O extends typeof OPTIONS | typeof RENDER_OPTIONS>(argv: string[], options: O, usage = USAGE) {
    try {
        return parseArgs({ args: argv, options, strict: true }).values;
    } catch (e) {
        const err = e as Error & { code?: string };
        const flag = /'(--?[^']+)'/.exec(err.message)?.[1];
        const near = err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag ? suggestName(flag.replace(/^-+/, ""), Object.keys(options)) : undefined;
        throw new UsageError(near ? `unknown option ${flag}; did you mean --${near}?` : err.message, usage);
    }
}

/** Set while a report is fetched on a terminal: log lines go above it. */
let progress: ProgressBar | undefined;

function stderrLine(text: string): void {
    if (progress) {
        progress.above(`${text}\n`);
    } else {
        process.stderr.write(`${text}\n`);
    }
}

const io = {
    write,
    warn: (line: string) => stderrLine(`trunking-capacity: ${line}`),
    now: () => new Date(),
};

async function render(argv: string[]): Promise<number> {
    const values = parse(argv, RENDER_OPTIONS, RENDER_USAGE);
    if (values.help) {
        await write(`${RENDER_USAGE}\n`);
        return 0;
    }
    checkOutputFlags(values);
    const { report, source } = await readReport(values, process.stdin);
    return writeOutputs(report, values, io, source);
}

const stderrSink = {
    warn: (line: string) => stderrLine(`trunking-capacity: warning: ${line}`),
    info: (line: string) => stderrLine(`trunking-capacity: ${line}`),
    debug: (line: string) => stderrLine(`trunking-capacity: debug: ${line}`),
};

async function main(argv: string[]): Promise<number> {
    if (argv[0] === "render") {
        return render(argv.slice(1));
    }
    const values = parse(argv, OPTIONS);
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
    checkOutputFlags(values);
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
    const bar = new ProgressBar(process.stderr, () => client.transport.stats.requests);
    progress = bar.active ? bar : undefined;
    bar.start();
    let report;
    try {
        report = await trunkingCapacityReport(client, args, {
            useReportEndpoint: values["no-report-endpoint"] ? false : undefined,
            onProgress: progress ? (done, total) => bar.update(done, total) : undefined,
        });
    } finally {
        bar.stop();
        progress = undefined;
    }
    return writeOutputs(report, values, io, `the Odin API (service provider ${args.serviceProviderId})`);
}

/** Resolves once the text is handed to the OS: exiting earlier would cut a large report short on a pipe. */
function write(text: string): Promise<void> {
    return new Promise((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
        if (e instanceof UsageError || e instanceof FlagError) {
            const usage = e instanceof UsageError ? e.usage : process.argv[2] === "render" ? RENDER_USAGE : USAGE;
            process.stderr.write(`trunking-capacity: ${e.message}\n\n${usage}\n`);
            process.exit(2);
        }
        if (e instanceof ReportInputError) {
            process.stderr.write(`trunking-capacity render: ${e.message}\n`);
            process.exit(2);
        }
        process.stderr.write(`trunking-capacity: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    },
);

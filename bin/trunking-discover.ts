#!/usr/bin/env node
/**
 * trunking-discover: writes the Pulumi program that adopts the trunk groups
 * (Odin) or premise trunks (Webex) that exist today, exactly as they are.
 * Never loads @pulumi/pulumi: it runs where only the package is installed.
 */
import { parseArgs } from "util";
import { Discovery, checkOutputFolder, discoverOdin, discoverWebex, writeProject } from "../provider/discover";
import { OdinClient } from "../provider/odin/client";
import { WebexClient } from "../provider/webex/client";
import {
    CONCURRENCY_HELP,
    CONCURRENCY_OPTION,
    ODIN_CONNECTION_HELP,
    ODIN_CONNECTION_OPTIONS,
    ODIN_CONNECTION_USAGE,
    WEBEX_CONNECTION_HELP,
    WEBEX_CONNECTION_OPTIONS,
    WEBEX_CONNECTION_USAGE,
    odinSettingsFromFlags,
    webexSettingsFromFlags,
} from "./connection";

const USAGE = `usage: trunking-discover odin --service-provider SP [--group G]... (--out DIR | --json) [--force]
                         [--project NAME] [--concurrency adaptive|N] [--no-report-endpoint]
                         ${ODIN_CONNECTION_USAGE}
       trunking-discover webex [--location L]... (--out DIR | --json) [--force]
                         [--project NAME] [--concurrency adaptive|N]
                         ${WEBEX_CONNECTION_USAGE}

Writes a Pulumi TypeScript project into DIR (Pulumi.yaml, package.json, tsconfig.json,
index.ts, README.md) that declares every trunk group / trunk as it is today, in adopt
mode: \`pulumi up\` takes each one over and changes nothing. README.md in DIR lists the
\`pulumi config set\` commands to run first. --json prints what was found instead (or
as well, with --out). DIR must be empty unless --force. --location takes a location's
id or exact name.

${ODIN_CONNECTION_HELP}

${WEBEX_CONNECTION_HELP}

${CONCURRENCY_HELP("ODIN")}
(For webex, the same with WEBEX_*.)`;

const COMMON = {
    out: { type: "string", short: "o" },
    json: { type: "boolean" },
    force: { type: "boolean" },
    project: { type: "string" },
    ...CONCURRENCY_OPTION,
    help: { type: "boolean", short: "h" },
} as const;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
    const [api, ...rest] = argv;
    if (api === "--help" || api === "-h") {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (api !== "odin" && api !== "webex") {
        throw new UsageError(api === undefined ? "say which API to discover: odin or webex" : `unknown API ${JSON.stringify(api)}: odin or webex`);
    }
    const run = api === "odin" ? odin(rest) : webex(rest);
    if (!run) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    // Refused before any request: a folder with something in it is someone's work.
    if (run.out !== undefined) {
        checkOutputFolder(run.out, run.force);
    }
    const result = await run.discover();
    if (run.out !== undefined) {
        writeProject(run.out, result, { force: run.force });
        const secrets = result.resources.flatMap((r) => r.secrets).length;
        process.stderr.write(
            `${counted(result.resources.filter((r) => r.kind !== "EnterpriseTrunk").length, api === "odin" ? "trunk group" : "trunk")}${
                result.resources.some((r) => r.kind === "EnterpriseTrunk") ? ` and ${counted(result.resources.filter((r) => r.kind === "EnterpriseTrunk").length, "enterprise trunk")}` : ""
            } written to ${run.out}/index.ts. ` +
                `Next: cd ${run.out} && npm install; run the commands in ${run.out}/README.md (connection${secrets > 0 ? ` and ${secrets} secret${secrets === 1 ? "" : "s"}` : ""}); then pulumi up.\n`,
        );
    }
    if (run.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    }
    return 0;
}

/** A subcommand whose flags were checked; nothing has been requested yet. */
interface Run {
    out?: string;
    json: boolean;
    force: boolean;
    discover(): Promise<Discovery>;
}

/** Flags every subcommand shares, checked before any request. */
function common(values: { out?: string; json?: boolean; project?: string }): void {
    if (values.out === undefined && values.json !== true) {
        throw new UsageError("--out DIR (write the project) or --json (print what was found) is required");
    }
    if (values.out !== undefined && values.out.trim() === "") {
        throw new UsageError("--out must name a folder");
    }
    if (values.project !== undefined && !/^[A-Za-z0-9_.-]+$/.test(values.project)) {
        throw new UsageError(`--project must be a Pulumi project name (letters, digits, hyphens, underscores, periods), got ${JSON.stringify(values.project)}`);
    }
}

/** "3 trunk groups", "1 enterprise trunk". */
function counted(n: number, one: string): string {
    return `${n} ${one}${n === 1 ? "" : "s"}`;
}

function warn(line: string): void {
    process.stderr.write(`trunking-discover: warning: ${line}\n`);
}

/** Settings as a client takes them; their warnings (deprecated or unknown keys) go to stderr. */
function clientSettings<S extends { warnings: string[]; sources: Record<string, string> }>(resolved: S): Omit<S, "warnings" | "sources"> {
    const { warnings, sources: _s, ...settings } = resolved;
    warnings.forEach(warn);
    return settings;
}

function runOf(values: { out?: string; json?: boolean; force?: boolean }, discover: () => Promise<Discovery>): Run {
    return { out: values.out, json: values.json === true, force: values.force === true, discover };
}

function progress(what: string): ((done: number, total: number) => void) | undefined {
    return process.stderr.isTTY ? (done, total) => process.stderr.write(`\r${what} ${done}/${total}${done === total ? "\n" : ""}`) : undefined;
}

function odin(args: string[]): Run | undefined {
    const { values } = parseArgs({
        args,
        options: { ...COMMON, ...ODIN_CONNECTION_OPTIONS, "service-provider": { type: "string", short: "s" }, group: { type: "string", short: "g", multiple: true }, "no-report-endpoint": { type: "boolean" } },
    });
    if (values.help) {
        return undefined;
    }
    const sp = values["service-provider"];
    if (!sp || sp.trim() === "") {
        throw new UsageError("--service-provider is required: the service provider (or enterprise) id whose trunk groups to adopt");
    }
    if (values.group?.some((g) => g.trim() === "")) {
        throw new UsageError("--group must be a group id");
    }
    common(values);
    const settings = clientSettings(odinSettingsFromFlags(values));
    return runOf(values, () => {
        // The settings carry the transport's concurrency option (adaptive, or exactly --concurrency N).
        const client = new OdinClient(settings);
        const groups = progress("groups");
        const trunkGroups = progress("trunk groups");
        return discoverOdin(client, {
            serviceProviderId: sp,
            groupIds: values.group,
            useReportEndpoint: values["no-report-endpoint"] ? false : undefined,
            project: values.project,
            baseUrl: settings.baseUrl,
            username: settings.username,
            command: `trunking-discover odin --service-provider ${sp}${(values.group ?? []).map((g) => ` --group ${g}`).join("")}`,
            onProgress: (phase, done, total) => (phase === "groups" ? groups : trunkGroups)?.(done, total),
        });
    });
}

function webex(args: string[]): Run | undefined {
    const { values } = parseArgs({ args, options: { ...COMMON, ...WEBEX_CONNECTION_OPTIONS, location: { type: "string", short: "l", multiple: true } } });
    if (values.help) {
        return undefined;
    }
    if (values.location?.some((l) => l.trim() === "")) {
        throw new UsageError("--location must be a location id or name");
    }
    common(values);
    const settings = clientSettings(webexSettingsFromFlags(values));
    return runOf(values, () => {
        const client = new WebexClient(settings);
        const trunks = progress("trunks");
        return discoverWebex(client, {
            locations: values.location,
            orgId: settings.orgId,
            project: values.project,
            baseUrl: settings.baseUrl,
            command: `trunking-discover webex${(values.location ?? []).map((l) => ` --location ${JSON.stringify(l)}`).join("")}`,
            onProgress: (_phase, done, total) => trunks?.(done, total),
        });
    });
}

/** Exits once stdout has taken everything: a large --json into a pipe would otherwise be cut off. */
function exit(code: number): void {
    process.stdout.write("", () => process.exit(code));
}

main(process.argv.slice(2)).then(exit, (e) => {
    const usage = e instanceof UsageError || (e as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`trunking-discover: ${e instanceof Error ? e.message : String(e)}\n${usage ? `\n${USAGE}\n` : ""}`);
    exit(usage ? 2 : 1);
});

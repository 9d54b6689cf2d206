#!/usr/bin/env node
/**
 * trunking-discover: writes the Pulumi program that adopts the trunk groups
 * (Odin) or premise trunks (Webex) that exist today, exactly as they are.
 * Never loads @pulumi/pulumi: it runs where only the package is installed.
 */
import "./nodeCheck";
import { parseArgs, ParseArgsConfig } from "util";
import { Discovery, PackageSource, checkOutputFolder, discoverOdin, discoverWebex, givenPackageSource, packageVersions, writeProject } from "../provider/discover";
import { OdinClient } from "../provider/odin/client";
import { nearestName } from "../provider/util/nearest";
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

const ABOUT = `Writes a Pulumi TypeScript project into DIR (Pulumi.yaml, package.json, tsconfig.json,
index.ts, README.md) that declares every trunk group / trunk as it is today, in adopt
mode: \`pulumi up\` takes each one over and changes nothing. README.md in DIR lists the
\`pulumi config set\` commands to run first.`;

const OUTPUT_HELP = `  -o, --out DIR                 write the project into DIR (empty, unless --force)
      --json                    print what was found instead (or as well, with --out)
      --force                   write into a folder that holds files (overwrites only its own files)
      --project NAME            the Pulumi project's name
      --package SPEC            what the project installs pulumi-trunking from: a git URL, a
                                tarball, a folder or a version (default: where this copy
                                was installed from)
      --concurrency adaptive|N  requests in flight (below)
  -h, --help                    this text`;

const ODIN_USAGE = `usage: trunking-discover odin -s SP [-g G]... (-o DIR | --json) [--force] [--project NAME]
                              [--package SPEC] [--concurrency adaptive|N] [--no-report-endpoint]
                              ${ODIN_CONNECTION_USAGE}

${ABOUT}

  -s, --service-provider SP     the service provider (or enterprise) whose trunk groups to adopt
  -g, --group G                 only this group's trunk groups (repeat for more groups)
      --no-report-endpoint      read group by group even where Odin has the one-call report
${OUTPUT_HELP}

${ODIN_CONNECTION_HELP}

${CONCURRENCY_HELP("ODIN")}`;

const WEBEX_USAGE = `usage: trunking-discover webex [-l LOCATION]... (-o DIR | --json) [--force] [--project NAME]
                               [--package SPEC] [--concurrency adaptive|N]
                               ${WEBEX_CONNECTION_USAGE}

${ABOUT}

  -l, --location L              only this location's trunks, by id or exact name (repeat for more)
${OUTPUT_HELP}

${WEBEX_CONNECTION_HELP}

${CONCURRENCY_HELP("WEBEX")}`;

const USAGE = `usage: trunking-discover odin -s SP [-g G]... (-o DIR | --json) [options]
       trunking-discover webex [-l LOCATION]... (-o DIR | --json) [options]

${ABOUT}

  odin    BroadWorks trunk groups, through the Odin API:
          -s, --service-provider SP, -g, --group G
  webex   Webex Calling premise trunks: -l, --location L
  -o, --out DIR (write the project), --json (print what was found), -h, --help

Each one's flags and settings: trunking-discover odin --help, trunking-discover webex --help`;

const COMMON = {
    out: { type: "string", short: "o" },
    json: { type: "boolean" },
    force: { type: "boolean" },
    project: { type: "string" },
    package: { type: "string" },
    ...CONCURRENCY_OPTION,
    help: { type: "boolean", short: "h" },
} as const;

const ODIN_OPTIONS = {
    ...COMMON,
    ...ODIN_CONNECTION_OPTIONS,
    "service-provider": { type: "string", short: "s" },
    group: { type: "string", short: "g", multiple: true },
    "no-report-endpoint": { type: "boolean" },
} as const;

const WEBEX_OPTIONS = { ...COMMON, ...WEBEX_CONNECTION_OPTIONS, location: { type: "string", short: "l", multiple: true } } as const;

/** A mistake on the command line: the message and then the usage of what was being run. */
class UsageError extends Error {
    constructor(
        message: string,
        readonly usage = USAGE,
    ) {
        super(message);
    }
}

/** parseArgs, with an unknown flag answered by the nearest one the subcommand has. */
function parseFlags<O extends ParseArgsConfig["options"] & object>(args: string[], options: O, usage: string) {
    try {
        return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
    } catch (e) {
        const err = e as Error & { code?: string };
        const flag = /'(--?[^']+)'/.exec(err.message)?.[1];
        if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag) {
            const near = nearestName(flag.replace(/^-+/, ""), Object.keys(options));
            throw new UsageError(`unknown option ${flag}${near ? `; did you mean --${near}?` : ""}`, usage);
        }
        throw new UsageError(err.message, usage);
    }
}

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
        process.stdout.write(`${api === "odin" ? ODIN_USAGE : WEBEX_USAGE}\n`);
        return 0;
    }
    // Refused before any request: a folder with something in it is someone's work.
    if (run.out !== undefined) {
        checkOutputFolder(run.out, run.force);
    }
    const result = await run.discover();
    if (run.out !== undefined) {
        const versions = packageVersions(run.source);
        if (versions.source.warning) {
            warn(versions.source.warning);
        }
        writeProject(run.out, result, { force: run.force, versions });
        process.stderr.write(`package.json installs pulumi-trunking from ${versions.source.from}: ${versions.pulumiTrunking}\n`);
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
    /** From --package; otherwise where this copy was installed from. */
    source?: PackageSource;
    discover(): Promise<Discovery>;
}

/** Flags every subcommand shares, checked before any request. */
function common(values: { out?: string; json?: boolean; project?: string }, usage: string): void {
    if (values.out === undefined && values.json !== true) {
        throw new UsageError("--out DIR (write the project) or --json (print what was found) is required", usage);
    }
    if (values.out !== undefined && values.out.trim() === "") {
        throw new UsageError("--out must name a folder", usage);
    }
    if (values.project !== undefined && !/^[A-Za-z0-9_.-]+$/.test(values.project)) {
        throw new UsageError(`--project must be a Pulumi project name (letters, digits, hyphens, underscores, periods), got ${JSON.stringify(values.project)}`, usage);
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

function runOf(values: { out?: string; json?: boolean; force?: boolean; package?: string }, discover: () => Promise<Discovery>): Run {
    const source = values.package === undefined ? undefined : givenPackageSource(values.package);
    return { out: values.out, json: values.json === true, force: values.force === true, source, discover };
}

function progress(what: string): ((done: number, total: number) => void) | undefined {
    return process.stderr.isTTY ? (done, total) => process.stderr.write(`\r${what} ${done}/${total}${done === total ? "\n" : ""}`) : undefined;
}

function odin(args: string[]): Run | undefined {
    const values = parseFlags(args, ODIN_OPTIONS, ODIN_USAGE);
    if (values.help) {
        return undefined;
    }
    const sp = values["service-provider"];
    if (!sp || sp.trim() === "") {
        throw new UsageError("--service-provider is required: the service provider (or enterprise) id whose trunk groups to adopt", ODIN_USAGE);
    }
    if (values.group?.some((g) => g.trim() === "")) {
        throw new UsageError("--group must be a group id", ODIN_USAGE);
    }
    common(values, ODIN_USAGE);
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
    const values = parseFlags(args, WEBEX_OPTIONS, WEBEX_USAGE);
    if (values.help) {
        return undefined;
    }
    if (values.location?.some((l) => l.trim() === "")) {
        throw new UsageError("--location must be a location id or name", WEBEX_USAGE);
    }
    common(values, WEBEX_USAGE);
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
    const usage = e instanceof UsageError ? e.usage : undefined;
    process.stderr.write(`trunking-discover: ${e instanceof Error ? e.message : String(e)}\n${usage ? `\n${usage}\n` : ""}`);
    exit(usage ? 2 : 1);
});

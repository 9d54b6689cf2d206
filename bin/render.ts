/**
 * trunking-capacity's outputs (table, --json, --markdown, --csv, --html FILE)
 * and its `render` subcommand, which renders a saved report without any API
 * access. Loads neither @pulumi/pulumi nor the Odin client.
 */
import * as fs from "fs";
import { renderCapacityCsv } from "../provider/capacity/render/csv";
import { renderCapacityHtml } from "../provider/capacity/render/html";
import { ReportInputError, parseCapacityReport, reportFromPreviewEvents } from "../provider/capacity/render/input";
import { renderCapacityMarkdown } from "../provider/capacity/render/markdown";
import { groupOversubscribed, spOversubscribed } from "../provider/capacity/render/model";
import { formatCapacityTable } from "../provider/capacity/table";
import type { TrunkingCapacityReport } from "../provider/capacity/types";

export { ReportInputError };

/** Flags that choose the outputs, for the report from the API and for `render` alike. */
export const OUTPUT_OPTIONS = {
    json: { type: "boolean" },
    markdown: { type: "boolean" },
    csv: { type: "boolean" },
    html: { type: "string" },
    "fail-on-oversubscribed": { type: "boolean" },
} as const;

export const OUTPUT_USAGE = "[--json | --markdown | --csv] [--html FILE] [--fail-on-oversubscribed]";

export const OUTPUT_HELP = `Output: a table per group on standard output, or --json, --markdown (a pull-request comment:
a summary and the full table, within GitHub's comment size) or --csv (one row per trunk group).
--html FILE writes a self-contained page (no network; opens from file://) beside any of them, or
alone ("-" for standard output). --fail-on-oversubscribed exits 3 after writing everything when
the service provider or any group is oversubscribed (for a CI check).`;

export const RENDER_USAGE = `usage: trunking-capacity render [--from FILE | --from-preview FILE [--output NAME]]
                              ${OUTPUT_USAGE}

Renders a saved report without API access: --from FILE (or "-", or standard input when neither
is given) holds the JSON of \`trunking-capacity --json\` or \`pulumi stack output capacity --json\`:
  pulumi stack output capacity --json | trunking-capacity render --html report.html
--from-preview FILE reads the events \`pulumi preview --json\` prints with
PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true and renders the stack output NAME (default capacity) as
the preview computed it (a projected report shows before and after):
  PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json > preview.jsonl
  trunking-capacity render --from-preview preview.jsonl --html report.html --markdown > comment.md
Exit status: 0 rendered, 1 a file could not be written, 2 bad flags or input that is not a
report, 3 oversubscribed with --fail-on-oversubscribed.`;

export const RENDER_OPTIONS = {
    from: { type: "string" },
    "from-preview": { type: "string" },
    output: { type: "string" },
    ...OUTPUT_OPTIONS,
    help: { type: "boolean", short: "h" },
} as const;

export interface OutputFlags {
    json?: boolean;
    markdown?: boolean;
    csv?: boolean;
    html?: string;
    "fail-on-oversubscribed"?: boolean;
}

/** A flag problem, reported with the usage and exit code 2. */
export class FlagError extends Error {}

/** Refuses flags that cannot go together, before any request or read. */
export function checkOutputFlags(flags: OutputFlags): void {
    const stdout = (["json", "markdown", "csv"] as const).filter((k) => flags[k]).map((k) => `--${k}`);
    if (flags.html === "-") {
        stdout.push("--html -");
    }
    if (stdout.length > 1) {
        throw new FlagError(`${stdout.join(" and ")} both write to standard output: choose one (--html FILE writes to its file beside any of them)`);
    }
    if (flags.html === "") {
        throw new FlagError("--html needs a file name (or - for standard output)");
    }
}

export interface Io {
    write(text: string): Promise<void>;
    /** A line on stderr (the command's prefix added by the caller). */
    warn(line: string): void;
    now(): Date;
}

/**
 * Writes the outputs the flags ask for; returns the exit code (3 when
 * --fail-on-oversubscribed finds oversubscription, after writing everything).
 */
export async function writeOutputs(report: TrunkingCapacityReport, flags: OutputFlags, io: Io, source: string): Promise<number> {
    if (flags.html !== undefined) {
        const html = renderCapacityHtml(report, { note: `Made ${io.now().toISOString()} from ${source}.` });
        if (flags.html === "-") {
            await io.write(html);
        } else {
            try {
                fs.writeFileSync(flags.html, html);
            } catch (e) {
                throw new Error(`--html ${flags.html}: cannot write the page (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
            }
        }
    }
    if (flags.json) {
        await io.write(`${JSON.stringify(report, null, 2)}\n`);
    } else if (flags.markdown) {
        await io.write(renderCapacityMarkdown(report));
    } else if (flags.csv) {
        await io.write(renderCapacityCsv(report));
    } else if (flags.html === undefined) {
        await io.write(`${formatCapacityTable(report)}\n`);
    }
    if (flags["fail-on-oversubscribed"]) {
        const over = report.groups.filter(groupOversubscribed).map((g) => g.groupId);
        if (over.length > 0 || spOversubscribed(report)) {
            const what = [
                ...(spOversubscribed(report) ? [`the service provider ${report.serviceProviderId}`] : []),
                ...(over.length > 0 ? [`${over.length} ${over.length === 1 ? "group" : "groups"} (${over.slice(0, 10).join(", ")}${over.length > 10 ? ", …" : ""})`] : []),
            ];
            io.warn(`oversubscribed${report.projected ? " after the pending changes" : ""}: ${what.join(" and ")} (--fail-on-oversubscribed)`);
            return 3;
        }
    }
    return 0;
}

export interface RenderFlags extends OutputFlags {
    from?: string;
    "from-preview"?: string;
    output?: string;
}

/** The report `render` was given, or a ReportInputError / FlagError saying why there is none. */
export async function readReport(flags: RenderFlags, stdin: NodeJS.ReadStream): Promise<{ report: TrunkingCapacityReport; source: string }> {
    if (flags.from !== undefined && flags["from-preview"] !== undefined) {
        throw new FlagError("--from and --from-preview both name the input: give one");
    }
    if (flags.output !== undefined && flags["from-preview"] === undefined) {
        throw new FlagError("--output names a stack output of a preview: it goes with --from-preview");
    }
    const file = flags["from-preview"] ?? flags.from;
    const fromStdin = file === undefined || file === "-";
    if (fromStdin && stdin.isTTY) {
        throw new FlagError("no report to render: give --from FILE, or pipe the report in (e.g. pulumi stack output capacity --json | trunking-capacity render)");
    }
    const source = fromStdin ? "standard input" : file!;
    let text: string;
    try {
        text = fromStdin ? await readAll(stdin) : fs.readFileSync(file!, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new ReportInputError(`${flags["from-preview"] !== undefined ? "--from-preview" : "--from"} ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : (e as Error).message}`);
    }
    const report = flags["from-preview"] !== undefined ? reportFromPreviewEvents(text, source, flags.output ?? "capacity") : parseCapacityReport(text, source);
    return { report, source };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    }
    return Buffer.concat(chunks).toString("utf8");
}

/**
 * A saved report read back for rendering: the JSON of `trunking-capacity
 * --json` or `pulumi stack output capacity --json`, or the stack output of a
 * `pulumi preview --json` event stream. Every refusal says what the input
 * was, what was expected and, where it can tell, what to run instead. Pure.
 */
import type { TrunkingCapacityReport } from "../types";
import { CAPACITY_REPORT_SCHEMA, REPORT_REQUIRED, schemaProblems } from "./schema";

export const EXPECTED =
    "expected a trunking capacity report as JSON (what `trunking-capacity --json` or `pulumi stack output capacity --json` prints: " +
    "an object with serviceProviderId, groups, maxActiveCalls, …)";

/** Bad input, as opposed to a failure of ours: the command exits 2 for it. */
export class ReportInputError extends Error {}

/** The value Pulumi puts in place of a value it does not know yet (a preview of something not yet created). */
const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The key of a secret in Pulumi's serialized form. */
const PULUMI_SECRET_SIG = "4dabf18193072939515e22adb298388d";

function kindOf(v: unknown): string {
    return v === null ? "null" : Array.isArray(v) ? "a JSON list" : typeof v === "object" ? "a JSON object" : typeof v === "string" ? "a JSON string" : `a JSON ${typeof v}`;
}

function looksLikeReport(v: unknown): boolean {
    return typeof v === "object" && v !== null && !Array.isArray(v) && "serviceProviderId" in v && "groups" in v;
}

/** A parsed value as a report, or why it is not one. */
export function reportFromValue(value: unknown, source: string): TrunkingCapacityReport {
    if (value === "[secret]" || (typeof value === "object" && value !== null && PULUMI_SECRET_SIG in value)) {
        throw new ReportInputError(`${source} holds a secret Pulumi hides, not the report: add --show-secrets to \`pulumi stack output\`; ${EXPECTED}`);
    }
    if (value === PULUMI_UNKNOWN) {
        throw new ReportInputError(`${source}: the report is unknown in this preview (Pulumi knows it only after the change is applied); ${EXPECTED}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new ReportInputError(`${source} holds ${kindOf(value)}, not a capacity report; ${EXPECTED}`);
    }
    const obj = value as Record<string, unknown>;
    if (!REPORT_REQUIRED.some((k) => k in obj)) {
        const inside = Object.keys(obj).find((k) => looksLikeReport(obj[k]));
        if (inside !== undefined) {
            throw new ReportInputError(
                `${source} holds several outputs, not one report: the report is under ${JSON.stringify(inside)}. ` +
                    `Save that output alone (\`pulumi stack output ${inside} --json\`); ${EXPECTED}`,
            );
        }
        const keys = Object.keys(obj);
        throw new ReportInputError(
            `${source} is not a capacity report (it has ${keys.length === 0 ? "no keys" : `the keys ${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", …" : ""}`}); ${EXPECTED}`,
        );
    }
    const problems = schemaProblems(value, CAPACITY_REPORT_SCHEMA, 5);
    if (problems.length > 0) {
        throw new ReportInputError(`${source} is a capacity report of another shape: ${problems.join("; ")}; ${EXPECTED}`);
    }
    return value as TrunkingCapacityReport;
}

/** The text of a saved report as a report. */
export function parseCapacityReport(text: string, source: string): TrunkingCapacityReport {
    if (text.trim() === "") {
        throw new ReportInputError(`${source} is empty; ${EXPECTED}`);
    }
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (e) {
        const lines = text.trim().split("\n");
        if (lines.length > 1 && lines.every((l) => l.trim().startsWith("{"))) {
            throw new ReportInputError(`${source} is a stream of JSON lines (a \`pulumi preview --json\` event log?): read it with --from-preview; ${EXPECTED}`);
        }
        throw new ReportInputError(`${source} is not JSON (${(e as Error).message.replace(/\s+/g, " ")}); ${EXPECTED}`);
    }
    return reportFromValue(value, source);
}

/**
 * The stack output `output` of a preview, from the engine events `pulumi
 * preview --json` prints one per line when PULUMI_ENABLE_STREAMING_JSON_PREVIEW
 * is set: the last outputs event of the stack resource carries the outputs as
 * the preview computed them (the plain `--json` digest does not have them).
 */
export function reportFromPreviewEvents(text: string, source: string, output: string): TrunkingCapacityReport {
    if (text.trim() === "") {
        throw new ReportInputError(`${source} is empty; expected the events of \`pulumi preview --json\` with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true`);
    }
    let outputs: Record<string, unknown> | undefined;
    let events = 0;
    for (const [i, line] of text.split("\n").entries()) {
        if (line.trim() === "") {
            continue;
        }
        let event: any;
        try {
            event = JSON.parse(line);
        } catch {
            const digest = i === 0 && line.trim() === "{";
            throw new ReportInputError(
                digest
                    ? `${source} is the preview's summary, not its events: run \`pulumi preview --json\` with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true (the summary has no stack outputs)`
                    : `${source} line ${i + 1} is not JSON: expected one engine event per line, as \`pulumi preview --json\` prints with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true`,
            );
        }
        events++;
        const md = event?.resOutputsEvent?.metadata;
        if (md?.type === "pulumi:pulumi:Stack" && md.new && typeof md.new.outputs === "object" && md.new.outputs !== null) {
            outputs = md.new.outputs;
        }
    }
    if (!outputs) {
        throw new ReportInputError(
            `${source} has no stack outputs among its ${events} events: expected the events of a \`pulumi preview --json\` that ran to the end ` +
                "(with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true)",
        );
    }
    if (!(output in outputs)) {
        const names = Object.keys(outputs);
        throw new ReportInputError(
            `${source}: the stack has no output ${JSON.stringify(output)} (its outputs: ${names.length > 0 ? names.join(", ") : "none"}); name the report's output with --output`,
        );
    }
    return reportFromValue(outputs[output], `${source} (stack output ${output})`);
}

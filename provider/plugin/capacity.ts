/**
 * The capacity report as the plugin's function trunking:index:getTrunkingCapacity:
 * the same arguments, checks, settings and report as getTrunkingCapacity in a
 * TypeScript program (provider/capacity), with the settings from the
 * plugin's config instead of the program's.
 */
import type * as pulumi from "@pulumi/pulumi";
import { POLICY_KEY, denial, oversubscriptions, parsePolicy } from "../capacity/policy";
import { CAPACITY_ARGUMENTS, GetTrunkingCapacityArgs, capacityArgsProblem, trunkingCapacityReport } from "../capacity/run";
import { SecretRegistry } from "../http/redact";
import { OdinClient } from "../odin/client";
import { resolveOdinSettings } from "../odin/config";
import { providerLogger } from "../util/log";
import type { ConfigSource } from "../util/settings";
import { PACKAGE } from "./config";

export const CAPACITY_TOKEN = `${PACKAGE}:index:getTrunkingCapacity`;

/** A JSON-Schema-like description of one argument: what the function's schema entry is generated from. */
export interface ArgumentSpec {
    type?: "string" | "integer" | "boolean" | "array";
    items?: { type: "string" };
    oneOf?: Array<{ type: "string" | "integer" }>;
    required?: boolean;
    description: string;
}

/** The function's arguments: one entry per argument getTrunkingCapacity takes (a test holds them to CAPACITY_ARGUMENTS). */
export const CAPACITY_INPUTS: Readonly<Record<keyof GetTrunkingCapacityArgs, ArgumentSpec>> = {
    serviceProviderId: { type: "string", required: true, description: "The service provider (or enterprise) to report on: 1 to 30 characters." },
    groupIds: {
        type: "array",
        items: { type: "string" },
        description: "Only these groups, in the service provider's order; the service-provider totals still cover every group.",
    },
    includeEnterpriseTrunks: { type: "boolean", description: "Add the enterprise trunks' capacity-management limits." },
    concurrency: {
        oneOf: [{ type: "integer" }, { type: "string" }],
        description: 'Requests in flight at once: "adaptive" (the default) or a fixed number from 1 to 64. Overrides trunking:odinConcurrency for this call.',
    },
};

const DESCRIPTION =
    "The trunking call capacity of a service provider or enterprise, its groups and their trunk groups, as one report: " +
    "each level's limit, the sum of the limits below it, the difference and whether it is oversubscribed (-1 is unlimited). " +
    "Bad arguments fail before any request. Reads only; the connection settings are the provider's (trunking:odinBaseUrl, trunking:odinUsername, trunking:odinPassword).";

export const CAPACITY_FUNCTION = { token: CAPACITY_TOKEN, description: DESCRIPTION, inputs: CAPACITY_INPUTS };

/** The argument a problem's message names first (capacityArgsProblem names the argument it refuses). */
function propertyOf(problem: string): string {
    const named = CAPACITY_ARGUMENTS.map((a) => ({ a, at: problem.indexOf(a) })).filter((x) => x.at >= 0);
    named.sort((x, y) => x.at - y.at);
    return named[0]?.a ?? "";
}

/**
 * The invoke: arguments checked before any request (a failure names the
 * argument), then the report with a client built from the plugin's settings.
 * Arguments left out arrive absent or null; null is "not given".
 */
export async function capacityInvoke(
    args: Record<string, unknown>,
    config: ConfigSource,
    secrets: SecretRegistry,
    warn: (line: string) => void = () => undefined,
): Promise<pulumi.provider.InvokeResult> {
    const given = Object.fromEntries(Object.entries(args ?? {}).filter(([, v]) => v !== null && v !== undefined)) as unknown as GetTrunkingCapacityArgs;
    const problem = capacityArgsProblem(given);
    if (problem) {
        return { failures: [{ property: propertyOf(problem), reason: `getTrunkingCapacity: ${problem}` }] };
    }
    const overrides =
        given.concurrency === undefined ? undefined : { values: { concurrency: String(given.concurrency) }, labels: { concurrency: "the concurrency argument" } };
    const settings = resolveOdinSettings(config, process.env, overrides);
    secrets.add(settings.password);
    const log = providerLogger(secrets, "getTrunkingCapacity");
    const { warnings: _w, sources: _s, ...clientSettings } = settings;
    const client = new OdinClient({ ...clientSettings, secrets, log });
    const policy = parsePolicy(config.get(POLICY_KEY));
    const report = await trunkingCapacityReport(client, given);
    // The stack's oversubscription policy, as getTrunkingCapacityOutput applies it in a TypeScript program. The plugin
    // sees neither the program's capacity resources (no allowOversubscription exemptions) nor its declarations
    // (no projected report at preview): it judges the report it read.
    const lines = policy === "allow" ? [] : oversubscriptions(report);
    if (lines.length > 0 && policy === "deny") {
        const exemption = /,? or, where the oversubscription is deliberate, set allowOversubscription: true[^.]*\./;
        throw new Error(denial(report, lines).replace(exemption, `, or, where it is deliberate, set ${POLICY_KEY} to "allow" (the provider plugin does not see allowOversubscription).`));
    }
    lines.forEach((line) => warn(`${line} (${POLICY_KEY}: warn)`));
    return { outputs: JSON.parse(JSON.stringify(report)) };
}

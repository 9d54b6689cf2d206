/**
 * The capacity report as the plugin's function trunking:index:getTrunkingCapacity:
 * the same arguments, checks, settings and report as getTrunkingCapacity in a
 * TypeScript program (provider/capacity), with the settings from the
 * plugin's config instead of the program's.
 */
import type * as pulumi from "@pulumi/pulumi";
import { POLICY_KEY, parsePolicy, policyVerdict } from "../capacity/policy";
import { projectFetched, withBefore } from "../capacity/projection";
import { buildTrunkingCapacityReport } from "../capacity/report";
import { CAPACITY_ARGUMENTS, GetTrunkingCapacityArgs, capacityArgsProblem, trunkingCapacityFetched } from "../capacity/run";
import type { TrunkingCapacityReport } from "../capacity/types";
import { SecretRegistry } from "../http/redact";
import { OdinClient } from "../odin/client";
import { resolveOdinSettings } from "../odin/config";
import { providerLogger } from "../util/log";
import type { ConfigSource } from "../util/settings";
import { PACKAGE } from "./config";
import type { PendingProjection } from "./pending";

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
    "Bad arguments fail before any request. Reads only; the connection settings are the provider's (trunking:odinBaseUrl, trunking:odinUsername, trunking:odinPassword). " +
    "The changes the engine has checked in this deployment and not yet written (at a preview, all of them) are projected onto it: " +
    "then projected is true and each group, and the service provider, that they move carries before. Take the arguments from the resources " +
    "(serviceProviderId: ${tg.serviceProviderId}) so the call comes after their checks. Not projected: resources the program no longer declares.";

export const CAPACITY_FUNCTION = { token: CAPACITY_TOKEN, description: DESCRIPTION, inputs: CAPACITY_INPUTS };

/** The argument a problem's message names first (capacityArgsProblem names the argument it refuses). */
function propertyOf(problem: string): string {
    const named = CAPACITY_ARGUMENTS.map((a) => ({ a, at: problem.indexOf(a) })).filter((x) => x.at >= 0);
    named.sort((x, y) => x.at - y.at);
    return named[0]?.a ?? "";
}

/** Whether a projected report moves anything: only then is it shown as projected. */
function moves(report: TrunkingCapacityReport): boolean {
    return report.before !== undefined || report.groups.some((g) => g.before !== undefined);
}

/**
 * The invoke: arguments checked before any request (a failure names the
 * argument), then the report with a client built from the plugin's settings,
 * with the changes still pending in this deployment projected onto it.
 * Arguments left out arrive absent or null; null is "not given".
 */
export async function capacityInvoke(
    args: Record<string, unknown>,
    config: ConfigSource,
    secrets: SecretRegistry,
    warn: (line: string) => void = () => undefined,
    pending?: PendingProjection,
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
    const live = await trunkingCapacityFetched(client, given);
    let report = buildTrunkingCapacityReport(live);
    if (pending) {
        const projected = withBefore(report, buildTrunkingCapacityReport(projectFetched(live, pending.changes)));
        if (moves(projected)) {
            report = projected;
        }
        for (const name of pending.unknown) {
            warn(`getTrunkingCapacity: ${name}'s values are not known yet, so the report shows its trunk group or capacity as it is now`);
        }
    }
    // The stack's oversubscription policy, as getTrunkingCapacityOutput applies it in a TypeScript program. The plugin
    // does not see the program's allowOversubscription exemptions (a resource option of the TypeScript classes).
    const verdict = policyVerdict(report, policy);
    if (verdict.failure !== undefined) {
        const exemption = /,? or, where the oversubscription is deliberate, set allowOversubscription: true[^.]*\./;
        throw new Error(verdict.failure.replace(exemption, `, or, where it is deliberate, set ${POLICY_KEY} to "allow" (the provider plugin does not see allowOversubscription).`));
    }
    verdict.warnings.forEach(warn);
    return { outputs: JSON.parse(JSON.stringify(report)) };
}

import * as pulumi from "@pulumi/pulumi";
import { SecretRegistry } from "../http/redact";
import { OdinClient, OdinClientOptions } from "../odin/client";
import { ConfigSource, resolveOdinSettings } from "../odin/config";
import type { SettingOverrides } from "../util/settings";
import { LogSink, scrubbedLogger } from "./log";
import { Exemptions, OversubscriptionPolicy, POLICY_KEY, parsePolicy, policyVerdict } from "./policy";
import { programError, sayingOnly } from "./programError";
import { declaredProgram, exemptionsFor, managedResources, notWaiting } from "./programChanges";
import { projectedReport } from "./projection";
import { GetTrunkingCapacityArgs, capacityArgsProblem, trunkingCapacityFetched, trunkingCapacityReport, unknownKeys } from "./run";
import type { TrunkingCapacityReport } from "./types";

export type { GetTrunkingCapacityArgs };

export interface GetTrunkingCapacityOutputArgs {
    serviceProviderId: pulumi.Input<string>;
    groupIds?: pulumi.Input<pulumi.Input<string>[]>;
    includeEnterpriseTrunks?: pulumi.Input<boolean>;
    concurrency?: pulumi.Input<number | "adaptive">;
}

export interface TrunkingCapacityOptions {
    /** Connection settings; default: stack config odin:* then ODIN_* environment variables. */
    connection?: Partial<Omit<OdinClientOptions, "log">>;
    /** A ready client (tests, tools that already hold one); its own transport settings apply. */
    client?: OdinClient;
    /** Skip the one-call report endpoint (for servers where it misbehaves). */
    useReportEndpoint?: boolean;
    onProgress?: (done: number, total: number) => void;
}

export interface TrunkingCapacityOutputOptions extends TrunkingCapacityOptions {
    /** Take the report only after these resources are applied (e.g. the trunk groups of this program). */
    dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
}

const OPTION_NAMES = ["connection", "client", "useReportEndpoint", "onProgress"];

/** Stack config read in the program process, where `pulumi.Config` is available. */
const stackConfig: ConfigSource = {
    get(key: string): string | undefined {
        const [ns, name] = key.split(":");
        try {
            // Secrets (odin:password) are fine to read here: the value stays in this process.
            return new pulumi.Config(ns).get(name);
        } catch {
            return undefined;
        }
    },
    keys(): string[] {
        return Object.keys(pulumi.runtime.allConfig());
    },
};

/** Warnings as Pulumi warnings; waits and request lines (TRUNKING_DEBUG=1) as info, so `pulumi up` shows them. */
const programSink: LogSink = {
    warn: (line) => void pulumi.log.warn(`getTrunkingCapacity: ${line}`),
    info: (line) => void pulumi.log.info(`getTrunkingCapacity: ${line}`),
    debug: (line) => void pulumi.log.info(`getTrunkingCapacity: ${line}`),
};

/**
 * The function's arguments and `connection` option as the first settings
 * layer, labelled as the user wrote them. A concurrency in `connection`
 * (the transport's object, or the old `maxInFlight`) goes through the same
 * setting as everything else, below the `concurrency` argument.
 */
function overridesOf(args: GetTrunkingCapacityArgs, connection: TrunkingCapacityOptions["connection"]): SettingOverrides {
    const values: Record<string, string | undefined> = {};
    const labels: Record<string, string> = {};
    const c = connection?.concurrency;
    if (args.concurrency !== undefined) {
        values.concurrency = String(args.concurrency);
        labels.concurrency = "the concurrency argument";
    } else if (c !== undefined) {
        values.concurrency = c.mode === "fixed" ? String(c.value) : c.mode;
        labels.concurrency = "connection.concurrency";
    } else if (connection?.maxInFlight !== undefined) {
        values.concurrency = String(connection.maxInFlight);
        labels.concurrency = "connection.maxInFlight";
    }
    if (c?.mode === "adaptive" && c.max !== undefined) {
        values.maxConcurrency = String(c.max);
        labels.maxConcurrency = "connection.concurrency.max";
    }
    for (const k of ["baseUrl", "username", "password", "timeoutMs", "deadlineMs", "insecureSkipTlsVerify"] as const) {
        const v = connection?.[k];
        if (v !== undefined) {
            values[k] = String(v);
            labels[k] = `connection.${k}`;
        }
    }
    return { values, labels };
}

/**
 * The trunking call capacity of a service provider or enterprise, its groups
 * and their trunk groups, as one report (the shape of odins_spear's
 * service_provider_trunking_capacity, without its arithmetic bugs). Bad arguments fail before any request.
 */
export async function getTrunkingCapacity(args: GetTrunkingCapacityArgs, opts: TrunkingCapacityOptions = {}): Promise<TrunkingCapacityReport> {
    return trunkingCapacityReport(clientFor(args, opts), args, { useReportEndpoint: opts.useReportEndpoint, onProgress: opts.onProgress });
}

/** The arguments checked (before any request), and the client to ask: the one given, or one from the settings. */
function clientFor(args: GetTrunkingCapacityArgs, opts: TrunkingCapacityOptions): OdinClient {
    const problem = capacityArgsProblem(args) ?? unknownKeys(opts ?? {}, OPTION_NAMES, "option");
    if (problem) {
        throw new Error(`getTrunkingCapacity: ${problem}`);
    }
    let client = opts.client;
    if (!client) {
        const settings = resolveOdinSettings(stackConfig, process.env, overridesOf(args, opts.connection));
        const secrets = new SecretRegistry();
        secrets.add(settings.password);
        const log = scrubbedLogger(secrets, programSink);
        settings.warnings.forEach((w) => log("warn", w));
        // The concurrency is in the settings, from every layer (connection's included): the settings' value wins.
        const { warnings: _w, sources: _s, ...clientSettings } = settings;
        const { concurrency: _c, maxInFlight: _m, ...connection } = opts.connection ?? {};
        client = new OdinClient({ ...clientSettings, ...connection, concurrency: settings.concurrency, secrets, log } as OdinClientOptions);
    }
    return client;
}

/**
 * The Output form, for `export const capacity = getTrunkingCapacityOutput(...)`.
 *
 * During `pulumi up`, with `dependsOn`, the report is taken after those
 * resources are applied, so it reflects the trunk groups and capacities the
 * same program just changed. During a preview it is the *projected* report
 * (`projected: true`): the live report with the program's declared trunk
 * groups and capacities in place of the live ones, and without the trunk
 * groups the stack manages but the program no longer declares; each group the
 * change moves carries `before`. It is unknown while a value it needs is.
 *
 * Either way the stack's `odin:oversubscription` policy applies to it: `warn`
 * (default) says so once per oversubscribed group or service provider, `deny`
 * fails the command (at preview, before anything is written), `allow` says
 * nothing; `allowOversubscription: true` on a capacity resource exempts it.
 * A preview also fails when a TrunkGroup needs a group capacity the program
 * raises but does not wait for it (dependsOn).
 */
export function getTrunkingCapacityOutput(
    args: GetTrunkingCapacityOutputArgs,
    opts: TrunkingCapacityOutputOptions = {},
): pulumi.Output<TrunkingCapacityReport> {
    const { dependsOn, ...rest } = opts;
    if (pulumi.runtime.isDryRun()) {
        return projectedOutput(pulumi.output(args) as unknown as pulumi.Output<GetTrunkingCapacityArgs>, rest);
    }
    const deps = pulumi.output(dependsOn ?? []).apply((d) => {
        const list = (Array.isArray(d) ? d : [d]) as pulumi.Resource[];
        return pulumi.all(list.map((r) => ("id" in r ? (r as pulumi.CustomResource).id : r.urn)));
    });
    return pulumi.all([pulumi.output(args), deps]).apply(([plain]) =>
        pulumi
            .output(sayingOnly(getTrunkingCapacity(plain as unknown as GetTrunkingCapacityArgs, rest)))
            // The exemptions are in the program's capacity resources, read once the program has declared them.
            .apply((report) => declaredProgram().apply((program) => enforcePolicy(report, exemptionsFor(program, report.serviceProviderId)))),
    );
}

function projectedOutput(args: pulumi.Output<GetTrunkingCapacityArgs>, opts: TrunkingCapacityOptions): pulumi.Output<TrunkingCapacityReport> {
    return args.apply((plain) => {
        const reading = sayingOnly(Promise.all([
            (async () => trunkingCapacityFetched(clientFor(plain, opts), plain, { useReportEndpoint: opts.useReportEndpoint, onProgress: opts.onProgress }))(),
            managedResources(),
        ]));
        return pulumi.output(reading).apply(([live, stack]) =>
            // The program's declarations, taken once the live data is in (the program has run by then).
            declaredProgram().apply(async (program) => {
                if (stack.note) {
                    void pulumi.log.warn(`getTrunkingCapacity: ${stack.note}`);
                }
                const waiting = await notWaiting(program, live, stack.managed);
                if (waiting.length > 0) {
                    throw programError(waiting.join("\n"));
                }
                const report = projectedReport(live, { ...program, managed: stack.managed });
                return enforcePolicy(report, exemptionsFor(program, report.serviceProviderId));
            }),
        );
    });
}

/** The stack's odin:oversubscription policy on a report: warn once per oversubscribed part, deny, or allow. */
function enforcePolicy(report: TrunkingCapacityReport, exempt: Exemptions): TrunkingCapacityReport {
    let policy: OversubscriptionPolicy;
    try {
        policy = parsePolicy(stackConfig.get(POLICY_KEY));
    } catch (e) {
        throw programError(e);
    }
    const verdict = policyVerdict(report, policy, exempt);
    if (verdict.failure !== undefined) {
        throw programError(verdict.failure);
    }
    for (const line of verdict.warnings) {
        void pulumi.log.warn(line);
    }
    return report;
}

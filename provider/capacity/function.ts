import * as pulumi from "@pulumi/pulumi";
import { SecretRegistry } from "../http/redact";
import { OdinClient, OdinClientOptions } from "../odin/client";
import { ConfigSource, resolveOdinSettings } from "../odin/config";
import type { SettingOverrides } from "../util/settings";
import { LogSink, scrubbedLogger } from "./log";
import { GetTrunkingCapacityArgs, capacityArgsProblem, trunkingCapacityReport, unknownKeys } from "./run";
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
    return trunkingCapacityReport(client, args, { useReportEndpoint: opts.useReportEndpoint, onProgress: opts.onProgress });
}

/**
 * The Output form, for `export const capacity = getTrunkingCapacityOutput(...)`.
 * With `dependsOn`, the report is taken after those resources are applied, so
 * it reflects the trunk groups the same program just changed; during a preview
 * of pending changes it is unknown rather than stale.
 */
export function getTrunkingCapacityOutput(
    args: GetTrunkingCapacityOutputArgs,
    opts: TrunkingCapacityOutputOptions = {},
): pulumi.Output<TrunkingCapacityReport> {
    const { dependsOn, ...rest } = opts;
    const deps = pulumi.output(dependsOn ?? []).apply((d) => {
        const list = (Array.isArray(d) ? d : [d]) as pulumi.Resource[];
        return pulumi.all(list.map((r) => ("id" in r ? (r as pulumi.CustomResource).id : r.urn)));
    });
    return pulumi
        .all([pulumi.output(args), deps])
        .apply(([plain]) => getTrunkingCapacity(plain, rest));
}

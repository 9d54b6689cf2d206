import * as pulumi from "@pulumi/pulumi";
import { OdinClient, OdinClientOptions } from "../odin/client";
import { ConfigSource, resolveOdinSettings } from "../odin/config";
import { fetchCapacity } from "./fetch";
import { buildTrunkingCapacityReport } from "./report";
import type { TrunkingCapacityReport } from "./types";

export interface GetTrunkingCapacityArgs {
    serviceProviderId: string;
    /** Only these groups (in the service provider's order). */
    groupIds?: string[];
    /** Add the enterprise trunks' capacity-management limits. */
    includeEnterpriseTrunks?: boolean;
    /** Requests in flight at once (default 8). */
    concurrency?: number;
}

export interface GetTrunkingCapacityOutputArgs {
    serviceProviderId: pulumi.Input<string>;
    groupIds?: pulumi.Input<pulumi.Input<string>[]>;
    includeEnterpriseTrunks?: pulumi.Input<boolean>;
    concurrency?: pulumi.Input<number>;
}

export interface TrunkingCapacityOptions {
    /** Connection settings; default: stack config odin:* then ODIN_* environment variables. */
    connection?: Partial<Omit<OdinClientOptions, "log">>;
    /** A ready client (tests, tools that already hold one). */
    client?: OdinClient;
    /** Skip the one-call report endpoint (for servers where it misbehaves). */
    useReportEndpoint?: boolean;
    onProgress?: (done: number, total: number) => void;
}

export interface TrunkingCapacityOutputOptions extends TrunkingCapacityOptions {
    /** Take the report only after these resources are applied (e.g. the trunk groups of this program). */
    dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
}

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
};

function argsProblem(args: GetTrunkingCapacityArgs): string | undefined {
    if (typeof args?.serviceProviderId !== "string" || args.serviceProviderId.trim() === "" || args.serviceProviderId.length > 30) {
        return "serviceProviderId is required: a string of 1 to 30 characters";
    }
    if (args.groupIds !== undefined && (!Array.isArray(args.groupIds) || args.groupIds.some((g) => typeof g !== "string" || g === ""))) {
        return "groupIds must be a list of non-empty group ids";
    }
    if (args.concurrency !== undefined && (!Number.isInteger(args.concurrency) || args.concurrency < 1 || args.concurrency > 64)) {
        return `concurrency must be an integer from 1 to 64, got ${String(args.concurrency)}`;
    }
    if (args.includeEnterpriseTrunks !== undefined && typeof args.includeEnterpriseTrunks !== "boolean") {
        return "includeEnterpriseTrunks must be true or false";
    }
    return undefined;
}

/**
 * The trunking call capacity of a service provider or enterprise, its groups
 * and their trunk groups, as one report (seed 003's shape, without the
 * odins_spear script's arithmetic bugs). Bad arguments fail before any request.
 */
export async function getTrunkingCapacity(args: GetTrunkingCapacityArgs, opts: TrunkingCapacityOptions = {}): Promise<TrunkingCapacityReport> {
    const problem = argsProblem(args);
    if (problem) {
        throw new Error(`getTrunkingCapacity: ${problem}`);
    }
    const client =
        opts.client ??
        new OdinClient({ ...resolveOdinSettings(stackConfig), maxInFlight: args.concurrency, ...opts.connection } as OdinClientOptions);
    const fetched = await fetchCapacity(client, args.serviceProviderId, {
        groupIds: args.groupIds,
        includeEnterpriseTrunks: args.includeEnterpriseTrunks,
        concurrency: args.concurrency,
        useReportEndpoint: opts.useReportEndpoint,
        onProgress: opts.onProgress,
    });
    return buildTrunkingCapacityReport(fetched);
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
        .apply(([plain]) => getTrunkingCapacity(plain as unknown as GetTrunkingCapacityArgs, rest));
}

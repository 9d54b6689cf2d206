/**
 * The capacity report without Pulumi: argument checks, the settings that
 * concern it, and fetch + build. The `trunking-capacity` command uses this
 * module directly so it never loads @pulumi/pulumi; function.ts wraps it for
 * programs.
 */
import type { OdinClient } from "../odin/client";
import { MAX_CONCURRENCY_LIMIT, suggestName } from "../util/settings";
import { FetchedCapacity, fetchCapacity } from "./fetch";
import { buildTrunkingCapacityReport } from "./report";
import type { TrunkingCapacityReport } from "./types";

export interface GetTrunkingCapacityArgs {
    serviceProviderId: string;
    /** Only these groups (in the service provider's order); the service-provider totals still cover every group. */
    groupIds?: string[];
    /** Add the enterprise trunks' capacity-management limits. */
    includeEnterpriseTrunks?: boolean;
    /**
     * Requests in flight at once: "adaptive" (the default) or a fixed number
     * from 1 to 64. Overrides odin:concurrency / ODIN_CONCURRENCY; applies
     * when getTrunkingCapacity builds the client itself.
     */
    concurrency?: number | "adaptive";
}

export const CAPACITY_ARGUMENTS: ReadonlyArray<keyof GetTrunkingCapacityArgs> = ["serviceProviderId", "groupIds", "includeEnterpriseTrunks", "concurrency"];

/** Why the arguments cannot be used, naming the argument; undefined when they can. Checked before any request. */
export function capacityArgsProblem(args: GetTrunkingCapacityArgs): string | undefined {
    if (args === null || typeof args !== "object") {
        return "expected an object of arguments, e.g. { serviceProviderId: \"SP1\" }";
    }
    const unknown = unknownKeys(args, CAPACITY_ARGUMENTS, "argument");
    if (unknown) {
        return unknown;
    }
    if (typeof args.serviceProviderId !== "string" || args.serviceProviderId.trim() === "" || args.serviceProviderId.length > 30) {
        return "serviceProviderId is required: a string of 1 to 30 characters";
    }
    if (args.groupIds !== undefined && (!Array.isArray(args.groupIds) || args.groupIds.some((g) => typeof g !== "string" || g === ""))) {
        return "groupIds must be a list of non-empty group ids";
    }
    const c = args.concurrency;
    if (c !== undefined && c !== "adaptive" && (!Number.isInteger(c) || (c as number) < 1 || (c as number) > MAX_CONCURRENCY_LIMIT)) {
        return `concurrency must be an integer from 1 to ${MAX_CONCURRENCY_LIMIT}, got ${JSON.stringify(c)} (or "adaptive", the default)`;
    }
    if (args.includeEnterpriseTrunks !== undefined && typeof args.includeEnterpriseTrunks !== "boolean") {
        return "includeEnterpriseTrunks must be true or false";
    }
    return undefined;
}

/** `unknown argument "groupId"; did you mean groupIds? (valid: …)`, or undefined. */
export function unknownKeys(given: object, valid: readonly string[], what: string): string | undefined {
    const bad = Object.entries(given)
        .filter(([k, v]) => !valid.includes(k) && v !== undefined)
        .map(([k]) => k);
    if (bad.length === 0) {
        return undefined;
    }
    return bad
        .map((k) => {
            const near = suggestName(k, valid);
            return `unknown ${what} ${JSON.stringify(k)}${near ? `; did you mean ${near}?` : ""} (valid: ${valid.join(", ")})`;
        })
        .join("; ");
}

/**
 * Groups worked on at once: enough to keep the transport's requests in flight
 * busy at its ceiling (each group waits on a list before its trunk groups,
 * so a group averages fewer than two requests in flight), and no more, so
 * memory stays flat however many groups. Sized from the transport's maximum,
 * never from its current limit: the pool must not be what caps an adaptive
 * limit that is still rising.
 */
export function reportWorkers(transportMax: number): number {
    return Math.min(2 * MAX_CONCURRENCY_LIMIT, Math.max(2, 2 * transportMax));
}

export interface ReportRunOptions {
    useReportEndpoint?: boolean;
    onProgress?: (done: number, total: number) => void;
}

/**
 * Fetches and builds the report with a ready client; its transport decides
 * requests in flight (adaptive or fixed, from the settings it was built with).
 * Arguments must have passed capacityArgsProblem.
 */
export async function trunkingCapacityReport(client: OdinClient, args: GetTrunkingCapacityArgs, opts: ReportRunOptions = {}): Promise<TrunkingCapacityReport> {
    return buildTrunkingCapacityReport(await trunkingCapacityFetched(client, args, opts));
}

/** What the report is built from (a projected report changes it before building). */
export function trunkingCapacityFetched(client: OdinClient, args: GetTrunkingCapacityArgs, opts: ReportRunOptions = {}): Promise<FetchedCapacity> {
    return fetchCapacity(client, args.serviceProviderId, {
        groupIds: args.groupIds,
        includeEnterpriseTrunks: args.includeEnterpriseTrunks,
        workers: reportWorkers(client.transport.concurrency.stats().max),
        useReportEndpoint: opts.useReportEndpoint,
        onProgress: opts.onProgress,
    });
}

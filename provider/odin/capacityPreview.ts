/**
 * What one command's provider host knows about trunking call capacities,
 * shared by every Odin resource it serves (the engine runs one host for all
 * of them): the capacities read at preview, one read per group and per
 * service provider, and the values the program declares for them, recorded
 * when their resources are checked. The engine checks a resource only once
 * the resources it depends on (dependsOn, or outputs it uses) are checked, so
 * a TrunkGroup that depends on its group's GroupTrunkingCapacity is judged
 * against the capacity the program sets rather than the one BroadWorks has.
 */
import { isApiError } from "../http/errors";
import type { OdinClient } from "./client";
import { isNotFound, isServiceNotAssigned } from "./errors";
import type { GroupCallCapacity, ServiceProviderCallCapacity } from "./types";

export const UNLIMITED = -1;

export const show = (n: number): string => (n === UNLIMITED ? "unlimited" : String(n));

/** n fits within limit (-1: unlimited). */
export const within = (n: number, limit: number): boolean => limit === UNLIMITED || (n !== UNLIMITED && n <= limit);

export type GroupCapacityRead =
    | { kind: "found"; capacity: GroupCallCapacity }
    /** The service provider, or the group in it, does not exist. */
    | { kind: "absent"; missing: "serviceProvider" | "group" }
    | { kind: "noService" };

export type ServiceProviderCapacityRead = { kind: "found"; capacity: ServiceProviderCallCapacity } | { kind: "absent" } | { kind: "noService" };

/** A capacity as the program declares it (only the values it sets, only once known). */
export interface DeclaredCapacity {
    maxActiveCalls?: number;
    burstingMaxActiveCalls?: number;
}

/** The capacity values a resource's inputs set, leaving out any not known yet (an output of another resource at preview). */
export function declaredValues(values: Readonly<Record<string, unknown>>): DeclaredCapacity {
    const out: DeclaredCapacity = {};
    if (typeof values.maxActiveCalls === "number") {
        out.maxActiveCalls = values.maxActiveCalls;
    }
    if (typeof values.burstingMaxActiveCalls === "number") {
        out.burstingMaxActiveCalls = values.burstingMaxActiveCalls;
    }
    return out;
}

interface Scope {
    groups: Map<string, Promise<GroupCapacityRead>>;
    serviceProviders: Map<string, Promise<ServiceProviderCapacityRead>>;
    declaredGroups: Map<string, DeclaredCapacity>;
    declaredServiceProviders: Map<string, DeclaredCapacity>;
    /** Reads made through this scope, for tests and the benchmark. */
    reads: number;
}

const scopes = new WeakMap<object, Scope>();

const groupKey = (serviceProviderId: string, groupId: string) => `${serviceProviderId}\u0000${groupId}`;

function fresh(): Scope {
    return { groups: new Map(), serviceProviders: new Map(), declaredGroups: new Map(), declaredServiceProviders: new Map(), reads: 0 };
}

/** The shared knowledge of one command (see Session.scope); a private one when there is no scope yet. */
export function capacityScope(key: object | undefined): Scope {
    if (!key) {
        return fresh();
    }
    let s = scopes.get(key);
    if (!s) {
        s = fresh();
        scopes.set(key, s);
    }
    return s;
}

/** A group's capacity, or why there is none: its service provider or the group does not exist, or it lacks the Trunk Group service. */
export async function readGroupCapacity(client: OdinClient, serviceProviderId: string, groupId: string): Promise<GroupCapacityRead> {
    try {
        return { kind: "found", capacity: await client.getGroupCallCapacity(serviceProviderId, groupId) };
    } catch (e) {
        if (isServiceNotAssigned(e)) {
            return { kind: "noService" };
        }
        if (!isNotFound(e)) {
            throw e;
        }
        // Which of the two is missing: the service provider's own lookup says.
        try {
            await client.getServiceProvider(serviceProviderId);
            return { kind: "absent", missing: "group" };
        } catch (spError) {
            if (isNotFound(spError)) {
                return { kind: "absent", missing: "serviceProvider" };
            }
            throw e;
        }
    }
}

export async function readServiceProviderCapacity(client: OdinClient, serviceProviderId: string): Promise<ServiceProviderCapacityRead> {
    try {
        return { kind: "found", capacity: await client.getServiceProviderCallCapacity(serviceProviderId) };
    } catch (e) {
        if (isServiceNotAssigned(e)) {
            return { kind: "noService" };
        }
        if (isNotFound(e)) {
            return { kind: "absent" };
        }
        throw e;
    }
}

/** One read per group per command, whoever asks first; a failed read is not kept (the next asker tries again). */
export function groupCapacityOnce(scope: Scope, client: OdinClient, serviceProviderId: string, groupId: string): Promise<GroupCapacityRead> {
    const key = groupKey(serviceProviderId, groupId);
    let p = scope.groups.get(key);
    if (!p) {
        scope.reads++;
        p = readGroupCapacity(client, serviceProviderId, groupId);
        scope.groups.set(key, p);
        p.catch(() => scope.groups.delete(key));
    }
    return p;
}

export function serviceProviderCapacityOnce(scope: Scope, client: OdinClient, serviceProviderId: string): Promise<ServiceProviderCapacityRead> {
    let p = scope.serviceProviders.get(serviceProviderId);
    if (!p) {
        scope.reads++;
        p = readServiceProviderCapacity(client, serviceProviderId);
        scope.serviceProviders.set(serviceProviderId, p);
        p.catch(() => scope.serviceProviders.delete(serviceProviderId));
    }
    return p;
}

export function declareGroupCapacity(scope: Scope, serviceProviderId: string, groupId: string, values: DeclaredCapacity): void {
    scope.declaredGroups.set(groupKey(serviceProviderId, groupId), values);
}

export function declaredGroupCapacity(scope: Scope, serviceProviderId: string, groupId: string): DeclaredCapacity | undefined {
    return scope.declaredGroups.get(groupKey(serviceProviderId, groupId));
}

export function declareServiceProviderCapacity(scope: Scope, serviceProviderId: string, values: DeclaredCapacity): void {
    scope.declaredServiceProviders.set(serviceProviderId, values);
}

export function declaredServiceProviderCapacity(scope: Scope, serviceProviderId: string): DeclaredCapacity | undefined {
    return scope.declaredServiceProviders.get(serviceProviderId);
}

/** Capacity reads this scope made (each group and service provider once). */
export function capacityReads(key: object | undefined): number {
    return key ? (scopes.get(key)?.reads ?? 0) : 0;
}

/** BroadWorks' refusal of a group capacity above its ceiling (the simulator's OCI text, and the reference's wording). */
export function isGroupCeilingRefusal(e: unknown): boolean {
    return isApiError(e) && e.apiBody === true && e.status === 400 && /exceeds the service provider/i.test(`${e.apiMessage ?? ""} ${e.details ?? ""}`);
}

/** Looks one trunk group up by its identity (the TrunkGroup resource's checked lookup). */
export type TrunkGroupLookup = (key: { serviceProviderId: string; groupId: string; name: string }) => Promise<{ maxActiveCalls?: unknown } | undefined>;

/** What a group's trunk groups take now: each by name with its maxActiveCalls, in BroadWorks' order. */
export async function trunkGroupsTaking(
    client: OdinClient,
    lookup: TrunkGroupLookup,
    serviceProviderId: string,
    groupId: string,
    except?: string,
): Promise<Array<{ name: string; maxActiveCalls: number }>> {
    const names = (await client.listTrunkGroups(serviceProviderId, groupId)).map((t) => String(t.name)).filter((n) => n !== except);
    const profiles = await Promise.all(names.map((name) => lookup({ serviceProviderId, groupId, name })));
    return names.flatMap((name, i) => {
        const n = Number(profiles[i]?.maxActiveCalls);
        return Number.isFinite(n) ? [{ name, maxActiveCalls: n }] : [];
    });
}

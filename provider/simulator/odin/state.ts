/**
 * The simulated BroadWorks data and every change to it. Each mutation checks
 * all its rules before touching anything, so a refused request leaves the
 * state exactly as it was (what makes "status" and "drop" faults side-effect
 * free, and "dropAfterApply" the only lost-response case that changes state).
 */
import { invalid, notFound, OdinError } from "./errors";
import { coerceFields, createDefaults, FIELD_ORDER, FieldValues, Mode } from "./fields";
import {
    checkAuthentication,
    checkCapacityValue,
    checkGroupCapacity,
    checkGroupUser,
    checkNoPilotOnDelete,
    checkTrunkCapacity,
    checkTrunkGroupName,
    checkUniqueName,
    requireTrunkGroupService,
} from "./rules";
import type { HostedUser, OdinSeed, SeedCapacity, SeedEnterpriseTrunk, SeedGroup, SeedServiceProvider, SeedTrunkGroup, TrunkGroupKey } from "./types";

export interface TrunkGroupRec {
    name: string;
    fields: FieldValues;
    /** Write-only: kept apart so no view can leak it by accident. */
    password?: string;
    userIds: string[];
}

export interface GroupRec {
    groupId: string;
    groupName: string;
    userLimit: number;
    trunkGroupService: boolean;
    capacity: SeedCapacity;
    trunkGroups: TrunkGroupRec[];
    users: HostedUser[];
}

export interface EnterpriseTrunkRec extends SeedEnterpriseTrunk {
    maximumRerouteAttempts: number;
    routeExhaustionAction: string;
    capacityManagement: { maximumActiveCalls: number; enabled: boolean };
    trunkGroups: Array<{ groupId: string; trunkGroupName: string }>;
}

export interface ServiceProviderRec {
    serviceProviderId: string;
    serviceProviderName: string;
    isEnterprise: boolean;
    capacity: SeedCapacity;
    groups: GroupRec[];
    enterpriseTrunks: EnterpriseTrunkRec[];
}

export interface TrunkGroupRef {
    sp: ServiceProviderRec;
    group: GroupRec;
    trunk: TrunkGroupRec;
}

const CMD = {
    add: "GroupTrunkGroupAddInstanceRequest21",
    modify: "GroupTrunkGroupModifyInstanceRequest20sp1",
    delete: "GroupTrunkGroupDeleteInstanceRequest14sp4",
    get: "GroupTrunkGroupGetInstanceRequest21",
    groupCapacity: "GroupTrunkGroupModifyRequest",
    spCapacity: "ServiceProviderTrunkGroupModifyRequest",
} as const;

export class OdinState {
    readonly logins: Array<{ username: string; password: string }>;
    readonly serviceProviders: ServiceProviderRec[];

    constructor(seed: OdinSeed) {
        if (!seed || typeof seed !== "object" || !Array.isArray(seed.serviceProviders)) {
            throw new Error("Odin simulator seed: expected an object with a serviceProviders array");
        }
        this.logins = (seed.logins ?? [{ username: "admin", password: "admin" }]).map((l) => ({ username: String(l.username), password: String(l.password) }));
        this.serviceProviders = seed.serviceProviders.map((sp, i) => loadServiceProvider(sp, `serviceProviders[${i}]`));
        const ids = this.serviceProviders.map((s) => s.serviceProviderId);
        const dup = ids.find((id, i) => ids.indexOf(id) !== i);
        if (dup) {
            throw new Error(`Odin simulator seed: service provider ${dup} appears twice`);
        }
    }

    checkLogin(username: unknown, password: unknown): boolean {
        return this.logins.some((l) => l.username === username && l.password === password);
    }

    // --- lookups: unknown ids are 404s --------------------------------------------------

    serviceProvider(id: string): ServiceProviderRec {
        const sp = this.serviceProviders.find((s) => s.serviceProviderId === id);
        if (!sp) {
            throw notFound("Service Provider", id);
        }
        return sp;
    }

    group(spId: string, groupId: string): { sp: ServiceProviderRec; group: GroupRec } {
        const sp = this.serviceProvider(spId);
        const group = sp.groups.find((g) => g.groupId === groupId);
        if (!group) {
            throw notFound("Group", groupId);
        }
        return { sp, group };
    }

    /** The group must have the Trunk Group service (400 otherwise), and the trunk group must exist (404). */
    trunkGroup(key: TrunkGroupKey, command: string = CMD.get): TrunkGroupRef {
        const { sp, group } = this.group(key.serviceProviderId, key.groupId);
        requireTrunkGroupService(group, command);
        const trunk = group.trunkGroups.find((t) => t.name === key.name);
        if (!trunk) {
            throw notFound("Trunk Group", key.name);
        }
        return { sp, group, trunk };
    }

    // --- trunk groups ------------------------------------------------------------------

    createTrunkGroup(body: Record<string, unknown>): TrunkGroupRef {
        const spId = requiredId(body, "serviceProviderId", CMD.add);
        const groupId = requiredId(body, "groupId", CMD.add);
        const { sp, group } = this.group(spId, groupId);
        requireTrunkGroupService(group, CMD.add);
        const trunk = buildTrunkGroup(group, body, "create", CMD.add);
        checkUniqueName(group, trunk.name, CMD.add);
        checkTrunkCapacity(group, trunk.fields.maxActiveCalls as number, CMD.add);
        group.trunkGroups.push(trunk);
        return { sp, group, trunk };
    }

    /** Sparse modify: absent = unchanged, null = cleared, `newName` renames, `users` replaces the list. */
    modifyTrunkGroup(body: Record<string, unknown>): TrunkGroupRef {
        const key = trunkKeyFrom(body, CMD.modify);
        const ref = this.trunkGroup(key, CMD.modify);
        const { sp, group, trunk } = ref;
        const changes = coerceFields(body, "modify", CMD.modify);

        let newName: string | undefined;
        if (body.newName !== undefined && body.newName !== null && body.newName !== "" && String(body.newName) !== trunk.name) {
            newName = checkTrunkGroupName(body.newName, "newName", CMD.modify);
            checkUniqueName(group, newName, CMD.modify, trunk);
        }

        const fields: FieldValues = { ...trunk.fields };
        let password = trunk.password;
        for (const [k, v] of Object.entries(changes)) {
            if (k === "sipAuthenticationPassword") {
                password = v === null ? undefined : (v as string);
            } else if (v === null) {
                delete fields[k];
            } else {
                fields[k] = v;
            }
        }
        if ("maxActiveCalls" in changes) {
            checkTrunkCapacity(group, fields.maxActiveCalls as number, CMD.modify);
        }
        // Only a request that touches authentication is judged on it, so a seed
        // with odd credentials does not block unrelated changes.
        if (["requireAuthentication", "sipAuthenticationUserName", "sipAuthenticationPassword"].some((k) => k in body)) {
            checkAuthentication(fields, password !== undefined, CMD.modify);
        }
        if (typeof changes.pilotUserId === "string") {
            checkGroupUser(group, changes.pilotUserId, "Pilot user", CMD.modify);
        }
        const userIds = body.users !== undefined ? parseUsers(group, body.users, CMD.modify) : trunk.userIds;

        trunk.fields = fields;
        trunk.password = password;
        trunk.userIds = userIds;
        if (newName !== undefined) {
            renameReferences(sp, group.groupId, trunk.name, newName);
            trunk.name = newName;
        }
        return ref;
    }

    deleteTrunkGroup(key: TrunkGroupKey): TrunkGroupRef {
        const ref = this.trunkGroup(key, CMD.delete);
        checkNoPilotOnDelete(ref.trunk, CMD.delete);
        ref.group.trunkGroups.splice(ref.group.trunkGroups.indexOf(ref.trunk), 1);
        renameReferences(ref.sp, ref.group.groupId, ref.trunk.name, undefined);
        return ref;
    }

    // --- call capacities ---------------------------------------------------------------

    setServiceProviderCapacity(body: Record<string, unknown>): ServiceProviderRec {
        const sp = this.serviceProvider(requiredId(body, "serviceProviderId", CMD.spCapacity));
        const next = { ...sp.capacity };
        if (body.maxActiveCalls !== undefined) {
            next.maxActiveCalls = checkCapacityValue(body.maxActiveCalls, "maxActiveCalls", true, CMD.spCapacity);
        }
        if (body.burstingMaxActiveCalls !== undefined) {
            next.burstingMaxActiveCalls = checkCapacityValue(body.burstingMaxActiveCalls, "burstingMaxActiveCalls", true, CMD.spCapacity);
        }
        sp.capacity = next;
        return sp;
    }

    setGroupCapacity(body: Record<string, unknown>): { sp: ServiceProviderRec; group: GroupRec } {
        const found = this.group(requiredId(body, "serviceProviderId", CMD.groupCapacity), requiredId(body, "groupId", CMD.groupCapacity));
        requireTrunkGroupService(found.group, CMD.groupCapacity);
        const next = { ...found.group.capacity };
        if (body.maxActiveCalls !== undefined) {
            next.maxActiveCalls = checkCapacityValue(body.maxActiveCalls, "maxActiveCalls", false, CMD.groupCapacity);
        }
        if (body.burstingMaxActiveCalls !== undefined) {
            next.burstingMaxActiveCalls = checkCapacityValue(body.burstingMaxActiveCalls, "burstingMaxActiveCalls", true, CMD.groupCapacity);
        }
        checkGroupCapacity(found.sp, next, CMD.groupCapacity);
        found.group.capacity = next;
        return found;
    }

    // --- export ------------------------------------------------------------------------

    /** The data in seed form (a deep copy): it can seed another simulator. */
    toSeed(): OdinSeed {
        return structuredClone({
            logins: this.logins,
            serviceProviders: this.serviceProviders.map(
                (sp): SeedServiceProvider => ({
                    serviceProviderId: sp.serviceProviderId,
                    serviceProviderName: sp.serviceProviderName,
                    isEnterprise: sp.isEnterprise,
                    trunkGroupCallCapacity: { ...sp.capacity },
                    groups: sp.groups.map(
                        (g): SeedGroup => ({
                            groupId: g.groupId,
                            groupName: g.groupName,
                            userLimit: g.userLimit,
                            trunkGroupService: g.trunkGroupService,
                            trunkGroupCallCapacity: { ...g.capacity },
                            trunkGroups: g.trunkGroups.map((t) => trunkToSeed(g, t)),
                            users: g.users,
                        }),
                    ),
                    enterpriseTrunks: sp.enterpriseTrunks,
                }),
            ),
        });
    }
}

/** The hosted users of a trunk group, as full user records of its group. */
export function usersOf(group: GroupRec, trunk: TrunkGroupRec): HostedUser[] {
    return trunk.userIds.map((id) => group.users.find((u) => u.userId === id) ?? { userId: id });
}

function trunkToSeed(group: GroupRec, t: TrunkGroupRec): SeedTrunkGroup {
    const out: SeedTrunkGroup = { name: t.name, maxActiveCalls: t.fields.maxActiveCalls as number };
    for (const f of FIELD_ORDER) {
        if (t.fields[f] !== undefined) {
            out[f] = t.fields[f];
        }
    }
    if (t.password !== undefined) {
        out.sipAuthenticationPassword = t.password;
    }
    out.users = usersOf(group, t).map((u) => ({ ...u }));
    return out;
}

function buildTrunkGroup(group: GroupRec, body: Record<string, unknown>, mode: Mode, command: string): TrunkGroupRec {
    const name = checkTrunkGroupName(body.name, "name", command);
    if (body.maxActiveCalls === undefined || body.maxActiveCalls === null) {
        throw invalid("maxActiveCalls is required", command);
    }
    const changes = coerceFields(body, mode, command);
    const fields = createDefaults();
    let password: string | undefined;
    for (const [k, v] of Object.entries(changes)) {
        if (v === null) {
            continue;
        }
        if (k === "sipAuthenticationPassword") {
            password = v as string;
        } else {
            fields[k] = v;
        }
    }
    checkAuthentication(fields, password !== undefined, command);
    if (typeof fields.pilotUserId === "string") {
        checkGroupUser(group, fields.pilotUserId, "Pilot user", command);
    }
    const userIds = body.users !== undefined ? parseUsers(group, body.users, command) : [];
    return { name, fields, password, userIds };
}

function parseUsers(group: GroupRec, raw: unknown, command: string): string[] {
    if (!Array.isArray(raw)) {
        throw invalid("users must be a list of {userId}", command);
    }
    const ids = raw.map((u) => {
        const id = typeof u === "string" ? u : u && typeof u === "object" ? (u as { userId?: unknown }).userId : undefined;
        if (typeof id !== "string" || id === "") {
            throw invalid(`users entries need a userId (got ${JSON.stringify(u)})`, command);
        }
        return id;
    });
    for (const id of ids) {
        checkGroupUser(group, id, "User", command);
    }
    return [...new Set(ids)];
}

/** Enterprise trunks name trunk groups by key, so they follow a rename and forget a deleted one. */
function renameReferences(sp: ServiceProviderRec, groupId: string, from: string, to: string | undefined): void {
    for (const et of sp.enterpriseTrunks) {
        et.trunkGroups = et.trunkGroups
            .filter((r) => to !== undefined || !(r.groupId === groupId && r.trunkGroupName === from))
            .map((r) => (r.groupId === groupId && r.trunkGroupName === from && to !== undefined ? { ...r, trunkGroupName: to } : r));
    }
}

export function requiredId(source: Record<string, unknown>, field: string, command?: string): string {
    const v = source[field];
    if ((typeof v !== "string" && typeof v !== "number") || String(v) === "") {
        throw invalid(`${field} is required`, command);
    }
    return String(v);
}

export function trunkKeyFrom(source: Record<string, unknown>, command?: string): TrunkGroupKey {
    return {
        serviceProviderId: requiredId(source, "serviceProviderId", command),
        groupId: requiredId(source, "groupId", command),
        name: requiredId(source, "name", command),
    };
}

// --- seed loading ----------------------------------------------------------------------

function seedError(where: string, e: unknown): Error {
    return new Error(`Odin simulator seed: ${where}: ${e instanceof OdinError ? e.message : (e as Error).message}`);
}

function loadCapacity(raw: SeedCapacity | undefined, fallback: SeedCapacity, where: string, groupLevel: boolean): SeedCapacity {
    if (raw === undefined) {
        return { ...fallback };
    }
    try {
        return {
            maxActiveCalls: checkCapacityValue(raw.maxActiveCalls ?? fallback.maxActiveCalls, "maxActiveCalls", !groupLevel),
            burstingMaxActiveCalls: checkCapacityValue(raw.burstingMaxActiveCalls ?? fallback.burstingMaxActiveCalls, "burstingMaxActiveCalls", true),
        };
    } catch (e) {
        throw seedError(where, e);
    }
}

function loadServiceProvider(raw: SeedServiceProvider, where: string): ServiceProviderRec {
    if (!raw || typeof raw.serviceProviderId !== "string" || raw.serviceProviderId === "") {
        throw new Error(`Odin simulator seed: ${where}: serviceProviderId is required`);
    }
    const sp: ServiceProviderRec = {
        serviceProviderId: raw.serviceProviderId,
        serviceProviderName: raw.serviceProviderName ?? raw.serviceProviderId,
        isEnterprise: raw.isEnterprise ?? false,
        capacity: loadCapacity(raw.trunkGroupCallCapacity, { maxActiveCalls: -1, burstingMaxActiveCalls: -1 }, `${where}.trunkGroupCallCapacity`, false),
        groups: (raw.groups ?? []).map((g, i) => loadGroup(g, `${where}.groups[${i}]`)),
        enterpriseTrunks: [],
    };
    const ids = sp.groups.map((g) => g.groupId);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) {
        throw new Error(`Odin simulator seed: ${where}: group ${dup} appears twice`);
    }
    sp.enterpriseTrunks = (raw.enterpriseTrunks ?? []).map((et, i) => loadEnterpriseTrunk(et, `${where}.enterpriseTrunks[${i}]`));
    return sp;
}

function loadGroup(raw: SeedGroup, where: string): GroupRec {
    if (!raw || typeof raw.groupId !== "string" || raw.groupId === "") {
        throw new Error(`Odin simulator seed: ${where}: groupId is required`);
    }
    const group: GroupRec = {
        groupId: raw.groupId,
        groupName: raw.groupName ?? raw.groupId,
        userLimit: raw.userLimit ?? 100,
        trunkGroupService: raw.trunkGroupService ?? true,
        capacity: loadCapacity(raw.trunkGroupCallCapacity, { maxActiveCalls: 0, burstingMaxActiveCalls: 0 }, `${where}.trunkGroupCallCapacity`, true),
        trunkGroups: [],
        users: (raw.users ?? []).map((u, i) => {
            if (!u || typeof u.userId !== "string" || u.userId === "") {
                throw new Error(`Odin simulator seed: ${where}.users[${i}]: userId is required`);
            }
            return { ...u };
        }),
    };
    const trunks = raw.trunkGroups ?? [];
    if (trunks.length > 0 && !group.trunkGroupService) {
        throw new Error(`Odin simulator seed: ${where}: a group without the Trunk Group service cannot have trunk groups`);
    }
    trunks.forEach((t, i) => {
        const at = `${where}.trunkGroups[${i}]`;
        try {
            const trunk = buildTrunkGroup(group, t as Record<string, unknown>, "seed", "seed");
            checkUniqueName(group, trunk.name, "seed");
            group.trunkGroups.push(trunk);
        } catch (e) {
            throw seedError(at, e);
        }
    });
    return group;
}

function loadEnterpriseTrunk(raw: SeedEnterpriseTrunk, where: string): EnterpriseTrunkRec {
    if (!raw || typeof raw.enterpriseTrunkName !== "string" || raw.enterpriseTrunkName === "") {
        throw new Error(`Odin simulator seed: ${where}: enterpriseTrunkName is required`);
    }
    return {
        ...structuredClone(raw),
        maximumRerouteAttempts: raw.maximumRerouteAttempts ?? 1,
        routeExhaustionAction: raw.routeExhaustionAction ?? "None",
        capacityManagement: raw.capacityManagement ? { ...raw.capacityManagement } : { maximumActiveCalls: 0, enabled: false },
        trunkGroups: (raw.trunkGroups ?? []).map((r) => ({ groupId: String(r.groupId), trunkGroupName: String(r.trunkGroupName) })),
    };
}

/**
 * The simulated BroadWorks data and every change to it. Each mutation checks
 * all its rules before touching anything, so a refused request leaves the
 * state exactly as it was (what makes "status" and "drop" faults side-effect
 * free, and "dropAfterApply" the only lost-response case that changes state).
 */
import { invalid, notFound } from "./errors";
import { coerceFields, createDefaults, FIELD_ORDER, FieldValues, Mode } from "./fields";
import { checkReferences, ReferenceWorld } from "./references";
import {
    checkAuthentication,
    checkCapacityValue,
    checkDeviceUnlocked,
    checkGroupCapacity,
    checkGroupUser,
    checkNoPilotOnDelete,
    checkPilotHosted,
    checkTrunkCapacity,
    checkTrunkGroupName,
    checkUniqueName,
    requireServiceProviderTrunkGroupService,
    requireTrunkGroupService,
} from "./rules";
import { loadSeed } from "./seed";
import type {
    EnterpriseTrunkMember,
    HostedUser,
    OdinSeed,
    SeedCapacity,
    SeedEnterpriseTrunk,
    SeedGroup,
    SeedLogin,
    SeedServiceProvider,
    SeedTrunkGroup,
    TrunkGroupKey,
} from "./types";

export interface TrunkGroupRec {
    name: string;
    fields: FieldValues;
    /** Write-only: kept apart so no view can leak it by accident. */
    password?: string;
    /** The hosted users, in the order they were assigned. */
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
    accessDevices: string[];
    departments: string[];
}

export interface EnterpriseTrunkRec {
    enterpriseTrunkName: string;
    groupId?: string;
    maximumRerouteAttempts: number;
    routeExhaustionAction: string;
    routeExhaustionForwardAddress?: string;
    orderedRouting?: { orderingAlgorithm: string };
    priorityWeightedRouting?: { maximumRerouteAttemptsWithinPriority: number };
    capacityManagement: { maximumActiveCalls: number; enabled: boolean };
    trunkGroups: EnterpriseTrunkMember[];
}

export interface ServiceProviderRec {
    serviceProviderId: string;
    serviceProviderName: string;
    isEnterprise: boolean;
    trunkGroupService: boolean;
    resellerId?: string;
    capacity: SeedCapacity;
    groups: GroupRec[];
    enterpriseTrunks: EnterpriseTrunkRec[];
    accessDevices: string[];
    departments: string[];
}

export interface TrunkGroupRef {
    sp: ServiceProviderRec;
    group: GroupRec;
    trunk: TrunkGroupRec;
}

/** Rules that have an older, laxer form some callers still need (see OdinSimulatorOptions). */
export interface StateOptions {
    /** Also judge seeds against the capacity rules (trunking-sim). */
    strictSeed?: boolean;
    /** Keep bursting values stored while bursting is off (the simulator's old behaviour). */
    keepBurstingWhenOff?: boolean;
    /** Accept any access device, department and reroute key, existing or not (the simulator's old behaviour). */
    skipReferenceChecks?: boolean;
    /** A pilot user need only be a user of the group, not a hosted user of the trunk group (the simulator's old rule). */
    pilotAnyGroupUser?: boolean;
}

export const CMD = {
    add: "GroupTrunkGroupAddInstanceRequest21",
    modify: "GroupTrunkGroupModifyInstanceRequest20sp1",
    delete: "GroupTrunkGroupDeleteInstanceRequest14sp4",
    get: "GroupTrunkGroupGetInstanceRequest21",
    groupCapacity: "GroupTrunkGroupModifyRequest",
    spCapacity: "ServiceProviderTrunkGroupModifyRequest",
    spCapacityGet: "ServiceProviderTrunkGroupGetRequest14sp1",
} as const;

const BURSTING_VALUES = ["burstingMaxActiveCalls", "burstingMaxIncomingCalls", "burstingMaxOutgoingCalls"];

export class OdinState implements ReferenceWorld {
    /** Filled by the seed loader (seed.ts), which checks each entry against what is already loaded. */
    readonly logins: SeedLogin[] = [];
    readonly serviceProviders: ServiceProviderRec[] = [];
    readonly systemAccessDevices: string[] = [];

    constructor(
        seed: OdinSeed,
        readonly options: StateOptions = {},
    ) {
        loadSeed(seed, this);
    }

    checkLogin(username: unknown, password: unknown): SeedLogin | undefined {
        return this.logins.find((l) => l.username === username && l.password === password);
    }

    login(username: string): SeedLogin | undefined {
        return this.logins.find((l) => l.username === username);
    }

    // --- lookups: unknown ids are 404s --------------------------------------------------

    serviceProvider(id: string): ServiceProviderRec {
        const sp = this.findServiceProvider(id);
        if (!sp) {
            throw notFound("Service Provider", id);
        }
        return sp;
    }

    findServiceProvider(id: string): ServiceProviderRec | undefined {
        return this.serviceProviders.find((s) => s.serviceProviderId === id);
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

    /** Whether any group of any service provider has this user. */
    userExists(userId: string): boolean {
        return this.serviceProviders.some((sp) => sp.groups.some((g) => g.users.some((u) => u.userId === userId)));
    }

    // --- trunk groups ------------------------------------------------------------------

    createTrunkGroup(body: Record<string, unknown>): TrunkGroupRef {
        const spId = requiredId(body, "serviceProviderId", CMD.add);
        const groupId = requiredId(body, "groupId", CMD.add);
        const { sp, group } = this.group(spId, groupId);
        requireTrunkGroupService(group, CMD.add);
        const trunk = this.buildTrunkGroup(sp, group, body, "create", CMD.add);
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
        if (!this.options.skipReferenceChecks) {
            checkReferences(this, sp, group, changes, CMD.modify);
        }
        if ("accessDevice" in changes) {
            checkDeviceUnlocked(trunk, changes.accessDevice, CMD.modify);
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
        this.normaliseBursting(fields);
        if ("maxActiveCalls" in changes) {
            checkTrunkCapacity(group, fields.maxActiveCalls as number, CMD.modify);
        }
        // Only a request that touches authentication is judged on it, so a seed
        // with odd credentials does not block unrelated changes.
        if (["requireAuthentication", "sipAuthenticationUserName", "sipAuthenticationPassword"].some((k) => k in body)) {
            checkAuthentication(fields, password !== undefined, CMD.modify);
        }
        const userIds = body.users !== undefined ? this.parseUsers(group, body.users, CMD.modify) : trunk.userIds;
        if (typeof changes.pilotUserId === "string") {
            checkGroupUser(group, changes.pilotUserId, (id) => this.userExists(id), CMD.modify);
        }
        if (typeof fields.pilotUserId === "string" && ("pilotUserId" in changes || body.users !== undefined)) {
            this.checkPilot(trunk.name, fields.pilotUserId, userIds, CMD.modify);
        }

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

    serviceProviderWithService(id: string, command: string): ServiceProviderRec {
        const sp = this.serviceProvider(id);
        requireServiceProviderTrunkGroupService(sp, command);
        return sp;
    }

    setServiceProviderCapacity(body: Record<string, unknown>): ServiceProviderRec {
        const sp = this.serviceProviderWithService(requiredId(body, "serviceProviderId", CMD.spCapacity), CMD.spCapacity);
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

    // --- shared with seed loading ----------------------------------------------------------

    /** A trunk group from a create body or a seed entry, checked completely. */
    buildTrunkGroup(sp: ServiceProviderRec, group: GroupRec, body: Record<string, unknown>, mode: Mode, command: string): TrunkGroupRec {
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
        // Reroute keys may name trunk groups later in a seed: the seed loader checks them once all are loaded.
        if (!this.options.skipReferenceChecks) {
            checkReferences(this, sp, group, mode === "seed" ? { ...changes, ...noReroute } : changes, command);
        }
        this.normaliseBursting(fields);
        checkAuthentication(fields, password !== undefined, command);
        const userIds = body.users !== undefined ? this.parseUsers(group, body.users, command) : [];
        if (typeof fields.pilotUserId === "string") {
            checkGroupUser(group, fields.pilotUserId, (id) => this.userExists(id), command);
            this.checkPilot(name, fields.pilotUserId, userIds, command);
        }
        return { name, fields, password, userIds };
    }

    private checkPilot(trunkName: string, pilot: string, hosted: string[], command: string): void {
        if (!this.options.pilotAnyGroupUser) {
            checkPilotHosted(trunkName, pilot, hosted, command);
        }
    }

    /**
     * Bursting values exist only while bursting is on: Odin's profile leaves
     * burstingMaxActiveCalls out when bursting is off, so turning it
     * off (or creating with it off) leaves no bursting values to GET.
     */
    private normaliseBursting(fields: FieldValues): void {
        if (fields.enableBursting !== true && !this.options.keepBurstingWhenOff) {
            for (const k of BURSTING_VALUES) {
                delete fields[k];
            }
        }
    }

    private parseUsers(group: GroupRec, raw: unknown, command: string): string[] {
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
            checkGroupUser(group, id, (x) => this.userExists(x), command);
        }
        return [...new Set(ids)];
    }

    // --- export ------------------------------------------------------------------------

    /** The data in seed form (a deep copy): it can seed another simulator. */
    toSeed(): OdinSeed {
        return structuredClone({
            logins: this.logins,
            ...(this.systemAccessDevices.length > 0 ? { systemAccessDevices: this.systemAccessDevices.map((deviceName) => ({ deviceName })) } : {}),
            serviceProviders: this.serviceProviders.map(
                (sp): SeedServiceProvider => ({
                    serviceProviderId: sp.serviceProviderId,
                    serviceProviderName: sp.serviceProviderName,
                    isEnterprise: sp.isEnterprise,
                    trunkGroupService: sp.trunkGroupService,
                    ...(sp.resellerId !== undefined ? { resellerId: sp.resellerId } : {}),
                    trunkGroupCallCapacity: { ...sp.capacity },
                    ...(sp.accessDevices.length > 0 ? { accessDevices: sp.accessDevices.map((deviceName) => ({ deviceName })) } : {}),
                    ...(sp.departments.length > 0 ? { departments: sp.departments.map((name) => ({ name })) } : {}),
                    groups: sp.groups.map(
                        (g): SeedGroup => ({
                            groupId: g.groupId,
                            groupName: g.groupName,
                            userLimit: g.userLimit,
                            trunkGroupService: g.trunkGroupService,
                            trunkGroupCallCapacity: { ...g.capacity },
                            trunkGroups: g.trunkGroups.map((t) => trunkToSeed(g, t)),
                            users: g.users,
                            ...(g.accessDevices.length > 0 ? { accessDevices: g.accessDevices.map((deviceName) => ({ deviceName })) } : {}),
                            ...(g.departments.length > 0 ? { departments: g.departments.map((name) => ({ name })) } : {}),
                        }),
                    ),
                    enterpriseTrunks: sp.enterpriseTrunks as SeedEnterpriseTrunk[],
                }),
            ),
        });
    }
}

const noReroute = { capacityExceededRerouteTrunkGroupKey: undefined, unreachableDestinationRerouteTrunkGroupKey: undefined, callForwardingAlwaysRerouteTrunkGroupKey: undefined };

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

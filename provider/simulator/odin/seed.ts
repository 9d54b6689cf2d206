/**
 * Loading a seed into the state: every entry is checked as the API would
 * check it (field by field, references to users, devices, departments and
 * trunk groups that must exist), with messages that point at the place in
 * the seed. Capacity rules apply only with strictSeed (trunking-sim), so a
 * library test can still describe a state the API would refuse to create.
 */
import { buildEnterpriseTrunk } from "./enterpriseTrunks";
import { OdinError } from "./errors";
import { checkReferences, REROUTE_KEYS } from "./references";
import { checkCapacityValue, checkGroupCapacity, checkTrunkCapacity, checkUniqueName } from "./rules";
import type { EnterpriseTrunkRec, GroupRec, OdinState, ServiceProviderRec } from "./state";
import type { OdinLoginType, OdinSeed, SeedAccessDevice, SeedCapacity, SeedDepartment, SeedEnterpriseTrunk, SeedGroup, SeedLogin, SeedServiceProvider } from "./types";

const LOGIN_TYPES: OdinLoginType[] = ["User", "Group Department", "Group", "Service Provider", "Reseller", "Provisioning", "System"];

export function loadSeed(seed: OdinSeed, state: OdinState): void {
    if (!seed || typeof seed !== "object" || !Array.isArray(seed.serviceProviders)) {
        throw new Error("Odin simulator seed: expected an object with a serviceProviders array");
    }
    state.logins.push(...(seed.logins ?? [{ username: "admin", password: "admin" }]).map((l, i) => loadLogin(l, `logins[${i}]`)));
    state.systemAccessDevices.push(...names(seed.systemAccessDevices, "deviceName", "systemAccessDevices"));
    seed.serviceProviders.forEach((raw, i) => {
        const where = `serviceProviders[${i}]`;
        const sp = newServiceProvider(raw, where);
        if (state.findServiceProvider(sp.serviceProviderId)) {
            throw new Error(`Odin simulator seed: service provider ${sp.serviceProviderId} appears twice`);
        }
        // In the state before its groups load, so their trunk groups can name its devices and departments.
        state.serviceProviders.push(sp);
        (raw.groups ?? []).forEach((g, j) => loadGroup(state, sp, g, `${where}.groups[${j}]`));
    });
    // Second pass: what may point forward in the seed.
    seed.serviceProviders.forEach((raw, i) => {
        const sp = state.serviceProviders[i];
        (raw.groups ?? []).forEach((g, j) => checkRerouteKeys(state, sp, g, `serviceProviders[${i}].groups[${j}]`));
        // One by one: each is checked against those before it (unique names, a trunk group in one enterprise trunk).
        (raw.enterpriseTrunks ?? []).forEach((et, k) => sp.enterpriseTrunks.push(loadEnterpriseTrunk(sp, et, `serviceProviders[${i}].enterpriseTrunks[${k}]`)));
    });
}

function fail(where: string, e: unknown): Error {
    return new Error(`Odin simulator seed: ${where}: ${e instanceof OdinError ? e.message : (e as Error).message}`);
}

function loadLogin(raw: SeedLogin, where: string): SeedLogin {
    if (!raw || raw.username === undefined || raw.password === undefined) {
        throw new Error(`Odin simulator seed: ${where}: username and password are required`);
    }
    if (raw.loginType !== undefined && !LOGIN_TYPES.includes(raw.loginType)) {
        throw new Error(`Odin simulator seed: ${where}: loginType must be one of ${LOGIN_TYPES.join(", ")}`);
    }
    return { ...raw, username: String(raw.username), password: String(raw.password) };
}

function names(list: Array<SeedAccessDevice | SeedDepartment> | undefined, key: "deviceName" | "name", where: string): string[] {
    const out = (list ?? []).map((x, i) => {
        const v = (x as unknown as Record<string, unknown>)?.[key];
        if (typeof v !== "string" || v === "") {
            throw new Error(`Odin simulator seed: ${where}[${i}]: ${key} is required`);
        }
        return v;
    });
    const dup = out.find((v, i) => out.indexOf(v) !== i);
    if (dup) {
        throw new Error(`Odin simulator seed: ${where}: ${dup} appears twice`);
    }
    return out;
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
        throw fail(where, e);
    }
}

function newServiceProvider(raw: SeedServiceProvider, where: string): ServiceProviderRec {
    if (!raw || typeof raw.serviceProviderId !== "string" || raw.serviceProviderId === "") {
        throw new Error(`Odin simulator seed: ${where}: serviceProviderId is required`);
    }
    const isEnterprise = raw.isEnterprise ?? false;
    const departments = names(raw.departments, "name", `${where}.departments`);
    if (departments.length > 0 && !isEnterprise) {
        throw new Error(`Odin simulator seed: ${where}: only an enterprise (isEnterprise: true) has enterprise-level departments`);
    }
    return {
        serviceProviderId: raw.serviceProviderId,
        serviceProviderName: raw.serviceProviderName ?? raw.serviceProviderId,
        isEnterprise,
        trunkGroupService: raw.trunkGroupService ?? true,
        ...(raw.resellerId !== undefined ? { resellerId: String(raw.resellerId) } : {}),
        capacity: loadCapacity(raw.trunkGroupCallCapacity, { maxActiveCalls: -1, burstingMaxActiveCalls: -1 }, `${where}.trunkGroupCallCapacity`, false),
        groups: [],
        enterpriseTrunks: [],
        accessDevices: names(raw.accessDevices, "deviceName", `${where}.accessDevices`),
        departments,
    };
}

function loadGroup(state: OdinState, sp: ServiceProviderRec, raw: SeedGroup, where: string): void {
    if (!raw || typeof raw.groupId !== "string" || raw.groupId === "") {
        throw new Error(`Odin simulator seed: ${where}: groupId is required`);
    }
    if (sp.groups.some((g) => g.groupId === raw.groupId)) {
        throw new Error(`Odin simulator seed: ${where}: group ${raw.groupId} appears twice`);
    }
    const service = raw.trunkGroupService ?? sp.trunkGroupService;
    if (service && !sp.trunkGroupService) {
        throw new Error(
            `Odin simulator seed: ${where}: group ${raw.groupId} cannot have the Trunk Group service: its service provider ${sp.serviceProviderId} is not authorized for it (trunkGroupService: false)`,
        );
    }
    const group: GroupRec = {
        groupId: raw.groupId,
        groupName: raw.groupName ?? raw.groupId,
        userLimit: raw.userLimit ?? 100,
        trunkGroupService: service,
        capacity: loadCapacity(raw.trunkGroupCallCapacity, { maxActiveCalls: 0, burstingMaxActiveCalls: 0 }, `${where}.trunkGroupCallCapacity`, true),
        trunkGroups: [],
        users: (raw.users ?? []).map((u, i) => {
            if (!u || typeof u.userId !== "string" || u.userId === "") {
                throw new Error(`Odin simulator seed: ${where}.users[${i}]: userId is required`);
            }
            return { ...u };
        }),
        accessDevices: names(raw.accessDevices, "deviceName", `${where}.accessDevices`),
        departments: names(raw.departments, "name", `${where}.departments`),
    };
    if (state.options.strictSeed && group.trunkGroupService) {
        try {
            checkGroupCapacity(sp, group.capacity, "seed");
        } catch (e) {
            throw fail(`${where}.trunkGroupCallCapacity`, e);
        }
    }
    // In the service provider before its trunk groups load, so a pilot or device check can find it.
    sp.groups.push(group);
    const trunks = raw.trunkGroups ?? [];
    if (trunks.length > 0 && !group.trunkGroupService) {
        throw new Error(`Odin simulator seed: ${where}: a group without the Trunk Group service cannot have trunk groups`);
    }
    trunks.forEach((t, i) => {
        const at = `${where}.trunkGroups[${i}]`;
        try {
            const trunk = state.buildTrunkGroup(sp, group, t as Record<string, unknown>, "seed", "seed");
            checkUniqueName(group, trunk.name, "seed");
            if (state.options.strictSeed) {
                checkTrunkCapacity(group, trunk.fields.maxActiveCalls as number, "seed");
            }
            group.trunkGroups.push(trunk);
        } catch (e) {
            throw fail(at, e);
        }
    });
}

function checkRerouteKeys(state: OdinState, sp: ServiceProviderRec, raw: SeedGroup, where: string): void {
    if (state.options.skipReferenceChecks) {
        return;
    }
    const group = sp.groups.find((g) => g.groupId === raw.groupId)!;
    group.trunkGroups.forEach((t, i) => {
        const keys = Object.fromEntries(REROUTE_KEYS.filter((k) => t.fields[k] !== undefined).map((k) => [k, t.fields[k]]));
        try {
            checkReferences(state, sp, group, keys, "seed");
        } catch (e) {
            throw fail(`${where}.trunkGroups[${i}]`, e);
        }
    });
}

function loadEnterpriseTrunk(sp: ServiceProviderRec, raw: SeedEnterpriseTrunk, where: string): EnterpriseTrunkRec {
    if (!raw || typeof raw !== "object") {
        throw new Error(`Odin simulator seed: ${where}: expected an object`);
    }
    try {
        return buildEnterpriseTrunk(sp, raw.groupId, { ...raw }, "seed", "seed");
    } catch (e) {
        throw new Error(`Odin simulator seed: ${where}: ${(e as Error).message}`);
    }
}

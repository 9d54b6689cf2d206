/**
 * What a trunk-group profile points at must exist: its access device (at the
 * level it names), its department, and the trunk groups its Reroute actions
 * name. BroadWorks refuses the request otherwise; its wording is "<thing>
 * not found: <name>", a 400 that says "not found" while the trunk group being
 * changed exists - exactly what a client must not read as the trunk group's
 * absence. The codes are the simulator's own (errors.ts).
 */
import { broadworks, OCI } from "./errors";
import type { FieldValues } from "./fields";
import type { GroupRec, ServiceProviderRec } from "./state";

export const REROUTE_KEYS = ["capacityExceededRerouteTrunkGroupKey", "unreachableDestinationRerouteTrunkGroupKey", "callForwardingAlwaysRerouteTrunkGroupKey"] as const;

export interface ReferenceWorld {
    systemAccessDevices: string[];
    findServiceProvider(id: string): ServiceProviderRec | undefined;
}

/** Checks the reference fields present in `changes` (a coerced request), for a trunk group of sp/group. */
export function checkReferences(world: ReferenceWorld, sp: ServiceProviderRec, group: GroupRec, changes: FieldValues, command: string): void {
    const device = changes.accessDevice as Record<string, string> | null | undefined;
    if (device) {
        checkAccessDevice(world, sp, group, device, command);
    }
    const department = changes.department as Record<string, string> | null | undefined;
    if (department) {
        checkDepartment(world, sp, group, department, command);
    }
    for (const k of REROUTE_KEYS) {
        const key = changes[k] as Record<string, string> | null | undefined;
        if (key) {
            checkRerouteKey(world, key, command, k);
        }
    }
}

function checkAccessDevice(world: ReferenceWorld, sp: ServiceProviderRec, group: GroupRec, d: Record<string, string>, command: string): void {
    let known: string[];
    if (d.deviceLevel === "System") {
        known = world.systemAccessDevices;
    } else if (d.deviceLevel === "Service Provider") {
        known = world.findServiceProvider(d.serviceProviderId ?? sp.serviceProviderId)?.accessDevices ?? [];
    } else {
        const owner = world.findServiceProvider(d.serviceProviderId ?? sp.serviceProviderId);
        known = owner?.groups.find((g) => g.groupId === (d.groupId ?? group.groupId))?.accessDevices ?? [];
    }
    if (!known.includes(d.deviceName)) {
        throw broadworks(OCI.deviceNotFound, `Access Device not found: ${d.deviceName} (${d.deviceLevel} level)`, command);
    }
}

/** A department key with groupId (or none and a group in context) is a group department; an enterprise's may omit groupId. */
function checkDepartment(world: ReferenceWorld, sp: ServiceProviderRec, group: GroupRec, d: Record<string, string>, command: string): void {
    const owner = world.findServiceProvider(d.serviceProviderId ?? sp.serviceProviderId);
    const groupLevel = d.groupId !== undefined ? owner?.groups.find((g) => g.groupId === d.groupId)?.departments : undefined;
    const found =
        (groupLevel ?? []).includes(d.name) ||
        (d.groupId === undefined && (group.departments.includes(d.name) || (owner?.isEnterprise === true && owner.departments.includes(d.name))));
    if (!found) {
        throw broadworks(OCI.departmentNotFound, `Department not found: ${d.name}`, command);
    }
}

function checkRerouteKey(world: ReferenceWorld, key: Record<string, string>, command: string, field: string): void {
    const target = world.findServiceProvider(key.serviceProviderId)?.groups.find((g) => g.groupId === key.groupId)?.trunkGroups.find((t) => t.name === key.name);
    if (!target) {
        throw broadworks(OCI.rerouteTrunkGroupNotFound, `Trunk Group not found: ${key.serviceProviderId}/${key.groupId}/${key.name} (${field})`, command);
    }
}

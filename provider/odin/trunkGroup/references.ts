/**
 * What a trunk group points at: its pilot user, access device, department
 * and the trunk groups its Reroute actions name. BroadWorks answers a
 * reference that does not exist with a "not found" of its own ("[Error 4008]
 * User not found: <id>", "… not found: <name>") while the trunk group being
 * written exists, so such an answer is an input error to name by field,
 * never the trunk group's absence (only its own lookup can tell that).
 */
import type { ApiError } from "../../http/errors";
import type { HostedUser, TrunkGroupKey, TrunkGroupSettings } from "../types";

/** The reference fields a create or modify body may carry. */
type ReferringBody = Pick<
    TrunkGroupSettings,
    "pilotUserId" | "accessDevice" | "department" | "capacityExceededRerouteTrunkGroupKey" | "unreachableDestinationRerouteTrunkGroupKey" | "callForwardingAlwaysRerouteTrunkGroupKey"
>;

export type Write = "create" | "update";

const REROUTE_FIELDS = ["capacityExceededRerouteTrunkGroupKey", "unreachableDestinationRerouteTrunkGroupKey", "callForwardingAlwaysRerouteTrunkGroupKey"] as const;

const NOT_FOUND = /not found|does not exist|doesn't exist|unknown/i;

const outcome = (write: Write) => (write === "create" ? "Nothing was created" : "The trunk group was not changed");

/** How to put a user on a trunk group: this resource does not manage hosted users, which are user settings. */
const HOST_THE_USER =
    "host the user on the trunk group first (Odin web UI: the trunk group's Users, or the user's Addressing set to this trunk group)";

/**
 * The field a refusal is about, in words, with what to do; undefined when the
 * refusal names none of the references the body carries. A reference counts
 * only when BroadWorks' text quotes its value, so a refusal of something else
 * is never pinned on a field.
 */
export function referenceRefusal(e: ApiError, body: ReferringBody, key: TrunkGroupKey, write: Write): string | undefined {
    const text = `${e.apiMessage ?? ""} ${e.details ?? ""}`;
    const quotes = (v: unknown): v is string => typeof v === "string" && v !== "" && text.includes(v);
    const why = (field: string) => `${field} was refused by BroadWorks (${e.message})`;
    const pilot = body.pilotUserId;
    if (quotes(pilot)) {
        if (/\b4008\b|user not found/i.test(text)) {
            return `pilotUserId: user "${pilot}" not found: BroadWorks knows no user with this id (it must be a user of group ${key.groupId}). ${outcome(write)}. ${why("pilotUserId")}`;
        }
        if (/hosted/i.test(text)) {
            return `${notHosted(pilot, key, undefined)} ${outcome(write)}. ${why("pilotUserId")}`;
        }
        if (/not in group|not a (member|user) of/i.test(text)) {
            return `pilotUserId: user "${pilot}" is not a user of group ${key.groupId}; the pilot must be a user of the trunk group's own group. ${outcome(write)}. ${why("pilotUserId")}`;
        }
    }
    if (!NOT_FOUND.test(text)) {
        return undefined;
    }
    const device = body.accessDevice;
    if (device && quotes(device.deviceName)) {
        return (
            `accessDevice: access device "${device.deviceName}" (${device.deviceLevel} level) not found: it must exist at that level ` +
            `(${device.deviceLevel === "Group" ? `group ${device.groupId ?? key.groupId}` : device.deviceLevel === "Service Provider" ? `service provider ${device.serviceProviderId ?? key.serviceProviderId}` : "the system"}). ` +
            `${outcome(write)}. ${why("accessDevice")}`
        );
    }
    const department = body.department;
    if (department && quotes(department.name)) {
        const owner = department.groupId ? `group ${department.groupId}` : `group ${key.groupId} or enterprise ${department.serviceProviderId ?? key.serviceProviderId}`;
        return `department: department "${department.name}" not found in ${owner}. ${outcome(write)}. ${why("department")}`;
    }
    for (const field of REROUTE_FIELDS) {
        const target = body[field];
        if (target && quotes(target.name)) {
            return (
                `${field}: the trunk group to reroute to, ${target.serviceProviderId}/${target.groupId}/${target.name}, not found: ` +
                `it must exist before it can be named (in a Pulumi program, pass the other TrunkGroup's outputs so it is created first). ${outcome(write)}. ${why(field)}`
            );
        }
    }
    return undefined;
}

/**
 * BroadWorks makes a trunk group's pilot one of its own hosted users. A trunk
 * group being created has none yet, so a pilot there is refused for certain,
 * before any request.
 */
export function pilotOnCreate(pilot: string, key: TrunkGroupKey): string {
    return (
        `pilotUserId: a trunk group's pilot user must be one of its hosted users, and trunk group "${key.name}" is being created, so it has none yet ` +
        `(BroadWorks would refuse it). Create the trunk group without pilotUserId, ${HOST_THE_USER}, then set pilotUserId: "${pilot}" and run pulumi up again. ` +
        "Nothing was created"
    );
}

/** The pilot must be among the hosted users the trunk group's GET lists; undefined when it is, or when the GET lists none at all. */
export function pilotNotHosted(pilot: string, key: TrunkGroupKey, hosted: HostedUser[] | undefined): string | undefined {
    if (!Array.isArray(hosted) || hosted.some((u) => String(u?.userId) === pilot)) {
        return undefined;
    }
    return `${notHosted(pilot, key, hosted)} ${outcome("update")}.`;
}

function notHosted(pilot: string, key: TrunkGroupKey, hosted: HostedUser[] | undefined): string {
    const list = hosted === undefined ? "" : hosted.length === 0 ? " (it hosts no users)" : ` (it hosts ${hosted.map((u) => `"${String(u.userId)}"`).join(", ")})`;
    return `pilotUserId: user "${pilot}" is not a hosted user of trunk group "${key.name}"${list}; BroadWorks requires the pilot to be one of them: ${HOST_THE_USER}, then run pulumi up again.`;
}

/**
 * Response bodies, built from the store in the shapes the reference documents.
 * The only place that decides what a client sees: unset optional fields are
 * left out (never null) and the SIP password is never rendered.
 */
import { FIELD_ORDER, PROFILE_FIELDS } from "./fields";
import { EnterpriseTrunkRec, GroupRec, ServiceProviderRec, TrunkGroupRec, usersOf } from "./state";
import type {
    CallCapacityReport,
    CapacityReportGroup,
    CapacityReportTrunkGroupRow,
    EnterpriseTrunk,
    EnterpriseTrunkSummary,
    GroupCallCapacity,
    GroupSummary,
    HostedUser,
    ServiceProviderCallCapacity,
    ServiceProviderInfo,
    TrunkGroupProfile,
    TrunkGroupSummary,
} from "./types";

export interface ViewOptions {
    /**
     * Odin's JSON encoder turns numeric-looking strings into numbers (profiles
     * carry `callForwardingAlwaysForwardAddress: 123123123`, users `lastName: 1`).
     * On by default so clients meet the quirk here rather than in production.
     */
    numericStrings: boolean;
}

/** The string fields the reference names as coming back as numbers. */
const NUMERIC_QUIRK_FIELDS = new Set([
    "capacityExceededForwardAddress",
    "unreachableDestinationForwardAddress",
    "callForwardingAlwaysForwardAddress",
    "prefix",
    "otgDtgIdentity",
]);

/** Only values that survive the round trip exactly (no leading zeros, within double precision). */
function numeric(v: unknown, o: ViewOptions): unknown {
    return o.numericStrings && typeof v === "string" && /^(0|[1-9][0-9]{0,14})$/.test(v) ? Number(v) : v;
}

/** The columns of BroadWorks' user table, in its order; an empty cell is "" as in an OCI table. */
const USER_COLUMNS = ["userId", "lastName", "firstName", "department", "phoneNumber", "hiraganaLastName", "hiraganaFirstName", "extension", "emailAddress"] as const;

/** A user as a row of the trunk-group user lists (GET /groups/trunk-groups/users). */
function user(u: HostedUser, o: ViewOptions): HostedUser {
    const row: Record<string, unknown> = {};
    for (const c of USER_COLUMNS) {
        row[c] = c === "userId" ? u.userId : numeric(u[c] ?? "", o);
    }
    return row as HostedUser;
}

function clean<T extends object>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function trunkGroupProfile(sp: ServiceProviderRec, group: GroupRec, trunk: TrunkGroupRec, o: ViewOptions): TrunkGroupProfile {
    const out: Record<string, unknown> = {};
    for (const f of FIELD_ORDER) {
        const v = trunk.fields[f];
        if (v === undefined || v === null || PROFILE_FIELDS[f].writeOnly) {
            continue;
        }
        out[f] = NUMERIC_QUIRK_FIELDS.has(f) ? numeric(v, o) : structuredClone(v);
    }
    return {
        ...out,
        serviceProviderId: sp.serviceProviderId,
        groupId: group.groupId,
        name: numeric(trunk.name, o) as string,
        maxActiveCalls: trunk.fields.maxActiveCalls as number,
        users: usersOf(group, trunk).map((u) => user(u, o)),
    };
}

export function trunkGroupSummary(sp: ServiceProviderRec, group: GroupRec, trunk: TrunkGroupRec, o: ViewOptions): TrunkGroupSummary {
    const device = trunk.fields.accessDevice as { deviceName?: string; deviceLevel?: string } | undefined;
    return clean({
        name: numeric(trunk.name, o) as string,
        department: (trunk.fields.department as TrunkGroupSummary["department"]) ?? null,
        deviceName: device?.deviceName,
        deviceLevel: device?.deviceLevel,
        groupId: group.groupId,
        serviceProviderId: sp.serviceProviderId,
    });
}

export function trunkGroupUsers(sp: ServiceProviderRec, group: GroupRec, trunk: TrunkGroupRec, o: ViewOptions) {
    return {
        serviceProviderId: sp.serviceProviderId,
        groupId: group.groupId,
        name: numeric(trunk.name, o) as string,
        users: usersOf(group, trunk).map((u) => user(u, o)),
    };
}

/** Users of the group not yet hosted on any of its trunk groups. */
export function availableHostedUsers(sp: ServiceProviderRec, group: GroupRec, trunk: TrunkGroupRec, o: ViewOptions) {
    const taken = new Set(group.trunkGroups.flatMap((t) => t.userIds));
    return {
        serviceProviderId: sp.serviceProviderId,
        groupId: group.groupId,
        name: numeric(trunk.name, o) as string,
        users: group.users.filter((u) => !taken.has(u.userId)).map((u) => user(u, o)),
    };
}

export function serviceProviderInfo(sp: ServiceProviderRec): ServiceProviderInfo {
    return clean({
        serviceProviderId: sp.serviceProviderId,
        serviceProviderName: sp.serviceProviderName,
        isEnterprise: sp.isEnterprise,
        defaultDomain: `${sp.serviceProviderId.toLowerCase()}.sim.example`,
        resellerId: sp.resellerId,
    });
}

export function groupSummary(sp: ServiceProviderRec, group: GroupRec): GroupSummary {
    return { groupId: group.groupId, groupName: group.groupName, userLimit: group.userLimit, serviceProviderId: sp.serviceProviderId };
}

export function groupDetail(sp: ServiceProviderRec, group: GroupRec) {
    return { ...groupSummary(sp, group), defaultDomain: serviceProviderInfo(sp).defaultDomain, userCount: group.users.length };
}

export function serviceProviderCapacity(sp: ServiceProviderRec): ServiceProviderCallCapacity {
    return { serviceProviderId: sp.serviceProviderId, ...sp.capacity };
}

export function groupCapacity(sp: ServiceProviderRec, group: GroupRec): GroupCallCapacity {
    return {
        maxActiveCalls: group.capacity.maxActiveCalls,
        maxAvailableActiveCalls: sp.capacity.maxActiveCalls,
        burstingMaxActiveCalls: group.capacity.burstingMaxActiveCalls,
        burstingMaxAvailableActiveCalls: sp.capacity.burstingMaxActiveCalls,
        serviceProviderId: sp.serviceProviderId,
        groupId: group.groupId,
    };
}

export function capacityReport(sp: ServiceProviderRec, withTrunkGroups: boolean, o: ViewOptions): CallCapacityReport {
    const groups = sp.groups.map(
        (g): CapacityReportGroup =>
            clean({
                groupId: g.groupId,
                groupName: g.groupName,
                userLimit: g.userLimit,
                service: {
                    serviceName: "Trunk Group",
                    authorized: true,
                    assigned: g.trunkGroupService,
                    limited: "Unlimited",
                    quantity: -1,
                    usage: g.trunkGroupService ? g.trunkGroups.length : 0,
                    licensed: true,
                    allowed: -1,
                    alias: false,
                },
                groupTrunkCapacity: g.trunkGroupService ? groupCapacity(sp, g) : undefined,
            }),
    );
    const report: CallCapacityReport = {
        serviceProviderId: sp.serviceProviderId,
        serviceProviderTrunkCapacity: serviceProviderCapacity(sp),
        groups,
    };
    if (withTrunkGroups) {
        report.groupTrunkGroupDetails = sp.groups.flatMap((g) =>
            g.trunkGroupService
                ? g.trunkGroups.map(
                      (t): CapacityReportTrunkGroupRow =>
                          clean({
                              groupId: g.groupId,
                              name: numeric(t.name, o) as string,
                              maxActiveCalls: t.fields.maxActiveCalls as number,
                              maxIncomingCalls: t.fields.maxIncomingCalls as number | undefined,
                              maxOutgoingCalls: t.fields.maxOutgoingCalls as number | undefined,
                              enableBursting: t.fields.enableBursting === true,
                              // The row tells whether bursting is on, not how much: that takes the trunk group's own GET.
                              burstingMaxAvailableActiveCalls: g.capacity.burstingMaxActiveCalls,
                              quantity: -1,
                              allowed: -1,
                          }),
                  )
                : [],
        );
    }
    return report;
}

/** A list item: the list command's two columns plus the identity (capacity and members only in the GET of one). */
export function enterpriseTrunkSummary(sp: ServiceProviderRec, et: EnterpriseTrunkRec): EnterpriseTrunkSummary {
    return clean({
        serviceProviderId: sp.serviceProviderId,
        groupId: et.groupId,
        enterpriseTrunkName: et.enterpriseTrunkName,
        routingType: et.priorityWeightedRouting ? "Priority Weighted Routing" : "Ordered Routing",
    });
}

export function enterpriseTrunk(sp: ServiceProviderRec, et: EnterpriseTrunkRec): EnterpriseTrunk {
    return clean({
        serviceProviderId: sp.serviceProviderId,
        groupId: et.groupId,
        enterpriseTrunkName: et.enterpriseTrunkName,
        maximumRerouteAttempts: et.maximumRerouteAttempts,
        routeExhaustionAction: et.routeExhaustionAction,
        routeExhaustionForwardAddress: et.routeExhaustionForwardAddress,
        orderedRouting: et.orderedRouting ? { ...et.orderedRouting } : undefined,
        priorityWeightedRouting: et.priorityWeightedRouting ? { ...et.priorityWeightedRouting } : undefined,
        capacityManagement: { ...et.capacityManagement },
        trunkGroups: et.trunkGroups.map((m) => ({ ...m })),
    });
}

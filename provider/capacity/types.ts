/**
 * The trunking capacity report: the shape and key order of odins_spear's report at every
 * level, then the keys this package adds. -1 means unlimited (Odin's encoding);
 * null means "no number applies" (a difference against unlimited, or a group
 * without the Trunk Group service).
 */

export interface TrunkGroupCapacityLine {
    name: string;
    maxActiveCalls: number;
    /** 0 when bursting is off on the trunk group. */
    burstingMaxActiveCalls: number;
}

export interface GroupCapacityReport {
    groupId: string;
    groupName: string;
    /** null when the group lacks the Trunk Group service. */
    maxActiveCalls: number | null;
    burstingMaxAvailableActiveCalls: number | null;
    burstingMaxActiveCalls: number | null;
    trunkGroups: TrunkGroupCapacityLine[];
    trunkGroupsCallCapacityTotal: number;
    trunkGroupsBurstingCallCapacityTotal: number;
    /** Group maxActiveCalls − trunk-group total; null when the group capacity is unlimited or absent. */
    callCapacityDifference: number | null;
    /** Group burstingMaxActiveCalls − trunk-group bursting total (the script subtracts the total from itself). */
    burstingCallCapacityDifference: number | null;
    // --- beyond the seed ---
    trunkGroupService: "assigned" | "notAssigned";
    maxAvailableActiveCalls: number | null;
    /** The trunk groups together may take more calls than the group allows. */
    callCapacityOversubscribed: boolean;
    burstingCallCapacityOversubscribed: boolean;
    /** Projected reports only: the group as it is now, present when the pending change moves it. */
    before?: GroupCapacityBefore;
}

/** A group's numbers before a pending change (see `TrunkingCapacityReport.projected`). */
export interface GroupCapacityBefore {
    maxActiveCalls: number | null;
    burstingMaxActiveCalls: number | null;
    trunkGroups: TrunkGroupCapacityLine[];
    trunkGroupsCallCapacityTotal: number;
    trunkGroupsBurstingCallCapacityTotal: number;
    callCapacityOversubscribed: boolean;
    burstingCallCapacityOversubscribed: boolean;
}

/** The service provider's numbers before a pending change. */
export interface ServiceProviderCapacityBefore {
    maxActiveCalls: number | null;
    burstingMaxActiveCalls: number | null;
    groupsCallCapacityTotal: number;
    groupsBurstingCallCapacityTotal: number;
    callCapacityOversubscribed: boolean;
    burstingCallCapacityOversubscribed: boolean;
}

export interface EnterpriseTrunkCapacityLine {
    name: string;
    groupId?: string;
    /** capacityManagement.maximumActiveCalls; null when not set. */
    maximumActiveCalls: number | null;
    capacityManagementEnabled: boolean;
    trunkGroups: Array<{ groupId: string; trunkGroupName: string }>;
}

export interface TrunkingCapacityReport {
    serviceProviderId: string;
    /** null when the service provider lacks the Trunk Group service (never 0 or unlimited in its place). */
    maxActiveCalls: number | null;
    burstingMaxActiveCalls: number | null;
    /** Σ group maxActiveCalls, or -1 when any group is unlimited. */
    groupsCallCapacityTotal: number;
    /** Σ group burstingMaxActiveCalls (the script sums the ceilings instead), or -1 when any is unlimited. */
    groupsBurstingCallCapacityTotal: number;
    groups: GroupCapacityReport[];
    /** SP maxActiveCalls − groups total; null when either side is unlimited. */
    callCapacityDifference: number | null;
    burstingCallCapacityDifference: number | null;
    // --- beyond the seed ---
    /** "notAssigned": the service provider's call-capacity GET was refused because it lacks the Trunk Group service. */
    trunkGroupService: "assigned" | "notAssigned";
    isEnterprise?: boolean;
    callCapacityOversubscribed: boolean;
    burstingCallCapacityOversubscribed: boolean;
    /**
     * Present when the report was asked for some groups only: `groups` lists
     * those, while the service-provider totals above still cover every group.
     */
    groupFilter?: { groupIds: string[]; groupsInServiceProvider: number };
    enterpriseTrunks?: EnterpriseTrunkCapacityLine[];
    /**
     * true: a preview's report as it will be after the pending changes (the
     * live report with the program's declared trunk groups and capacities in
     * place of the live ones). Groups the change moves carry `before`.
     */
    projected?: boolean;
    /** Projected reports only: the service-provider numbers as they are now, when the change moves them. */
    before?: ServiceProviderCapacityBefore;
}

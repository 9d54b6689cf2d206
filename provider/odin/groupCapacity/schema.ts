/**
 * A group's trunking call capacity, a setting of the group (Odin: GET and PUT
 * /groups/trunk-groups/call-capacity): maxActiveCalls and
 * burstingMaxActiveCalls, each at most the ceiling the service provider hands
 * down (maxAvailableActiveCalls, burstingMaxAvailableActiveCalls, read-only
 * here). -1 is unlimited: never for a group's maxActiveCalls, and for its
 * bursting only where the service provider's bursting is unlimited.
 */
import { RESTORE_FIELD, RestoreOption } from "../../kit/existing";
import type { CheckRules, FieldSpec, FieldTable, OutputTable, ResourceSchema } from "../../kit/schema";

export interface GroupTrunkingCapacityInputs extends RestoreOption {
    serviceProviderId: string;
    groupId: string;
    /** Calls the group's trunk groups may carry at once, together; at most the service provider's (maxAvailableActiveCalls). */
    maxActiveCalls?: number;
    /** Bursting calls above that; -1 (unlimited) only where the service provider's bursting is unlimited. */
    burstingMaxActiveCalls?: number;
}

export interface GroupTrunkingCapacityOutputs {
    /** The ceiling the service provider hands down (its maxActiveCalls; -1 unlimited). */
    maxAvailableActiveCalls: number | null;
    /** The bursting ceiling (the service provider's burstingMaxActiveCalls; -1 unlimited). */
    burstingMaxAvailableActiveCalls: number | null;
}

export const CAPACITY_MAX = 999999;
const UNLIMITED = -1;

const ID_PART = { kind: "string", min: 1, max: 30, required: true, identity: true, replaceOnChange: true } as const;

const FIELDS: FieldTable<GroupTrunkingCapacityInputs> = {
    serviceProviderId: ID_PART,
    groupId: ID_PART,
    maxActiveCalls: { kind: "integer", min: 0, max: CAPACITY_MAX },
    burstingMaxActiveCalls: { kind: "integer", min: -1, max: CAPACITY_MAX, description: `-1 (unlimited) or an integer from 0 to ${CAPACITY_MAX}` },
    ...RESTORE_FIELD,
};

const OUTPUTS: OutputTable<GroupTrunkingCapacityOutputs> = {
    maxAvailableActiveCalls: { kind: "integer" },
    burstingMaxAvailableActiveCalls: { kind: "integer" },
};

/** -1 (unlimited) where the field allows it, and no other negative number, in words. */
export function unlimitedOrCount(label: string, value: unknown, spec: FieldSpec): string | undefined {
    if (spec.kind === "integer" && spec.min === UNLIMITED && typeof value === "number" && value < UNLIMITED) {
        return `${label} must be -1 (unlimited) or an integer from 0 to ${spec.max}, got ${value}`;
    }
    return undefined;
}

const RULES: CheckRules = {
    value(label: string, value: unknown, spec: FieldSpec): string | undefined {
        if (label === "maxActiveCalls" && value === UNLIMITED && spec.kind === "integer") {
            return `maxActiveCalls cannot be -1 (unlimited) for a group: a group's capacity is a number from 0 to its ceiling, the service provider's maxActiveCalls`;
        }
        return unlimitedOrCount(label, value, spec);
    },
    across(inputs) {
        if (inputs.maxActiveCalls === undefined && inputs.burstingMaxActiveCalls === undefined) {
            return [{ property: "maxActiveCalls", reason: "declare maxActiveCalls, burstingMaxActiveCalls or both: a GroupTrunkingCapacity without either sets nothing" }];
        }
        return [];
    },
};

/** The trunking call capacity of one group: identity serviceProviderId + groupId (a change of either is another group's capacity). */
export const GROUP_CAPACITY: ResourceSchema<GroupTrunkingCapacityInputs> = {
    kind: "odin:GroupTrunkingCapacity",
    title: "GroupTrunkingCapacity",
    api: "BroadWorks",
    fields: FIELDS,
    outputs: OUTPUTS,
    rules: RULES,
    answer: { noun: "group call capacity", object: "group", always: ["maxActiveCalls", "burstingMaxActiveCalls"], numbersAsText: true },
};

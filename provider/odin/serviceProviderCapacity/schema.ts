/**
 * A service provider's (or enterprise's) trunking call capacity, a setting
 * of the service provider (Odin: GET and PUT
 * /service-providers/trunk-groups/call-capacity): maxActiveCalls and
 * burstingMaxActiveCalls, -1 meaning unlimited for either. They are the
 * ceilings its groups' capacities must fit; the groups together may exceed
 * them (BroadWorks does not check the sum).
 */
import { RESTORE_FIELD, RestoreOption } from "../../kit/existing";
import type { CheckRules, FieldTable, ResourceSchema } from "../../kit/schema";
import { CAPACITY_MAX, unlimitedOrCount } from "../groupCapacity/schema";

export interface ServiceProviderTrunkingCapacityInputs extends RestoreOption {
    serviceProviderId: string;
    /** Calls the service provider's trunk groups may carry at once; each group's capacity is at most this. -1: unlimited. */
    maxActiveCalls?: number;
    /** Bursting calls above that; each group's bursting is at most this. -1: unlimited. */
    burstingMaxActiveCalls?: number;
}

const COUNT = { kind: "integer", min: -1, max: CAPACITY_MAX, description: `-1 (unlimited) or an integer from 0 to ${CAPACITY_MAX}` } as const;

const FIELDS: FieldTable<ServiceProviderTrunkingCapacityInputs> = {
    serviceProviderId: { kind: "string", min: 1, max: 30, required: true, identity: true, replaceOnChange: true },
    maxActiveCalls: COUNT,
    burstingMaxActiveCalls: COUNT,
    ...RESTORE_FIELD,
};

const RULES: CheckRules = {
    value: unlimitedOrCount,
    across(inputs) {
        if (inputs.maxActiveCalls === undefined && inputs.burstingMaxActiveCalls === undefined) {
            return [{ property: "maxActiveCalls", reason: "declare maxActiveCalls, burstingMaxActiveCalls or both: a ServiceProviderTrunkingCapacity without either sets nothing" }];
        }
        return [];
    },
};

/** The trunking call capacity of one service provider or enterprise: identity serviceProviderId. */
export const SERVICE_PROVIDER_CAPACITY: ResourceSchema<ServiceProviderTrunkingCapacityInputs> = {
    kind: "odin:ServiceProviderTrunkingCapacity",
    title: "ServiceProviderTrunkingCapacity",
    api: "BroadWorks",
    fields: FIELDS,
    outputs: {},
    rules: RULES,
    answer: { noun: "service provider call capacity", object: "service provider", always: ["maxActiveCalls", "burstingMaxActiveCalls"], numbersAsText: true },
};

import { CheckRules, checkInputs } from "../../kit/check";
import type { FieldSpec } from "../../kit/schema";
import type { CheckResult } from "../../util/check";
import { TRUNK_GROUP } from "./schema";

/** BroadWorks' rules beyond the field table. */
export const TRUNK_GROUP_RULES: CheckRules = {
    value(label: string, value: unknown, spec: FieldSpec): string | undefined {
        // -1 means "unlimited" in capacity answers, but a trunk group must have a number.
        if (spec.kind === "integer" && value === -1) {
            return `${label} cannot be -1 (unlimited): a trunk group needs a number from ${spec.min} to ${spec.max}`;
        }
        return undefined;
    },
};

/**
 * Validates a TrunkGroup's inputs before any API call and returns the inputs
 * the plan will show: the seed-001 create defaults filled in, and fields the
 * program stopped declaring reset to their BroadWorks default (or null, which
 * clears them), so that removing a line from the program changes the system.
 */
export function checkTrunkGroup(olds: unknown, news: unknown): CheckResult {
    return checkInputs(TRUNK_GROUP, TRUNK_GROUP_RULES, olds, news);
}

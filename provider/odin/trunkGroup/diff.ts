import { DiffHooks, ResourceDiff, diffInputs } from "../../kit/diff";
import { TRUNK_GROUP } from "./schema";
import { odinValue } from "./state";

export const TRUNK_GROUP_DIFF: DiffHooks = { normalize: odinValue };

/**
 * The TrunkGroup plan: the inputs the program sets against the previous
 * outputs; serviceProviderId and groupId replace, everything else (the name
 * included: a rename) updates in place.
 */
export function diffTrunkGroup(olds: unknown, news: unknown): ResourceDiff {
    return diffInputs(TRUNK_GROUP, TRUNK_GROUP_DIFF, olds, news);
}

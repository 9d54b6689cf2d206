import { ResourceArgs, resourceClass } from "../../kit/resource";
import { TRUNK_GROUP, TrunkGroupInputs, TrunkGroupOutputs } from "./schema";

/**
 * A TrunkGroup's arguments: the identity (serviceProviderId, groupId, name),
 * maxActiveCalls and any other trunk-group setting. Fields left out keep
 * BroadWorks' create defaults; removing a field set earlier resets it to
 * BroadWorks' default or clears it. `adoptExisting` takes over a trunk group
 * that already exists with this service provider, group and name (default:
 * stack config `odin:adoptExisting`).
 */
export type TrunkGroupArgs = ResourceArgs<TrunkGroupInputs>;

/**
 * A BroadWorks group trunk group. Changing serviceProviderId or groupId
 * replaces the trunk group; changing name renames it in place; every other
 * field updates in place.
 */
export const TrunkGroup = resourceClass<TrunkGroupArgs, TrunkGroupInputs & TrunkGroupOutputs>(TRUNK_GROUP);
export type TrunkGroup = InstanceType<typeof TrunkGroup>;

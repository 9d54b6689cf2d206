import { ResourceArgs, resourceClass } from "../../kit/resource";
import { ENTERPRISE_TRUNK, EnterpriseTrunkInputs } from "./schema";

/**
 * An EnterpriseTrunk's arguments: where it lives (serviceProviderId, and
 * groupId for a group's), its name, exactly one routing, and its trunk
 * groups. Give the trunk groups as TrunkGroup outputs
 * (`{ groupId: tg.groupId, trunkGroupName: tg.name }`) so the engine creates
 * them first and a renamed trunk group is followed. `adoptExisting` takes
 * over an enterprise trunk that already exists with this name (default:
 * stack config `odin:adoptExisting`).
 */
export type EnterpriseTrunkArgs = ResourceArgs<EnterpriseTrunkInputs>;

/**
 * A BroadWorks enterprise trunk at enterprise level or group level. Changing
 * serviceProviderId or groupId replaces it; changing enterpriseTrunkName
 * renames it in place; every other field updates in place.
 */
export const EnterpriseTrunk = resourceClass<EnterpriseTrunkArgs, EnterpriseTrunkInputs>(ENTERPRISE_TRUNK);
export type EnterpriseTrunk = InstanceType<typeof EnterpriseTrunk>;

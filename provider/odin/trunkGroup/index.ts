export { TrunkGroup, TrunkGroupArgs } from "./resource";
export { trunkGroupProvider } from "./provider";
export { checkTrunkGroup } from "./check";
export { diffTrunkGroup } from "./diff";
export { trunkGroupId, parseTrunkGroupId } from "./state";
export { TRUNK_GROUP_FIELDS, CREATE_DEFAULTS } from "./schema";

export { getTrunkingCapacity, getTrunkingCapacityOutput } from "./function";
export type { GetTrunkingCapacityArgs, GetTrunkingCapacityOutputArgs, TrunkingCapacityOptions, TrunkingCapacityOutputOptions } from "./function";
export { trunkingCapacityReport } from "./run";
export { buildTrunkingCapacityReport } from "./report";
export { formatCapacityTable } from "./table";
export { fetchCapacity } from "./fetch";
export type * from "./types";

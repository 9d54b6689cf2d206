/** `pulumi-trunking/simulator`: local API simulators for tests, benchmarks and demos. */
export { startOdinSimulator, ODIN_BASE_PATH } from "./odin";
export type { OdinSimulator, OdinSimulatorOptions, CapacityReportMode, EnterpriseTrunkListMode } from "./odin";
export * from "./odin/types";
export { sampleSeed } from "./sampleSeed";
export { startSimulatorCore, seededRandom } from "./core";
export type { FaultKind, FaultRule, Handler, RequestLogEntry, Route, SimRequest, SimResponse, SimulatorCore, SimulatorCoreOptions } from "./core";
export { Throttle } from "./throttle";
export type { ThrottleOptions, ThrottleStats } from "./throttle";
export * from "./webex";

/** The test engine of issue 11: see README.md beside this file. */
export { TestEngine, TestEngineOptions, RunOptions, StateResource, DeploymentFailed, programPath } from "./engine";
export type { RunSummary, StepRecord, StepOp, Diagnostic, Command } from "./types";
export type { HostHooks, HostRequest, HostControl, HostMethod } from "./hostProcess";
export { UNKNOWN, SIG_KEY, SECRET_SIG } from "./values";
export { killHostAt, killHostDuring, requestsOf } from "./hooks";
export { ENGINE_CHECKED_AGAINST, ENGINE_COMMIT, ENGINE_VERSION_NOTE } from "./version";

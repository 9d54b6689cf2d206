export { WebexTrunk, WebexTrunkArgs, WebexTrunkOutputs } from "./resource";
export { webexTrunkProvider } from "./provider";
export { WebexClient, WebexClientOptions, CreateTrunkResult } from "./client";
export { resolveWebexSettings, WebexSettings, DEFAULT_WEBEX_BASE_URL } from "./config";
export { checkWebexTrunk } from "./validate";
export { diffWebexTrunk } from "./diff";
export { parseWebexErrorBody } from "./errors";
export * from "./types";

export * from "./odin/trunkGroup";
export { OdinClient, OdinClientOptions } from "./odin/client";
export * from "./odin/types";
export { ApiError } from "./http/errors";
export * from "./capacity";
export * from "./webex";

/** trunking-discover's library: find what exists, render the program that adopts it. Never loads @pulumi/pulumi. */
export { discoverOdin } from "./odin";
export type { OdinDiscoverOptions } from "./odin";
export { discoverWebex } from "./webex";
export type { WebexDiscoverOptions } from "./webex";
export { renderProject, renderProgram, renderReadme } from "./render";
export type { Versions } from "./render";
export { writeProject, checkOutputFolder, packageVersions } from "./project";
export { packageSource, givenPackageSource } from "./source";
export type { PackageSource } from "./source";
export type * from "./model";

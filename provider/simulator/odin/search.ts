/**
 * The list filters the Odin web UI sends (voipxp/testing):
 * - GET /groups with `groupName=*text*` or `groupId=*text*` (GroupSearch,
 *   src/components/group-search.js), with or without serviceProviderId (a
 *   system-level search spans every service provider);
 * - GET /service-providers with `resellerId` (ServiceProviderService.index).
 * `*` matches any run of characters; matching ignores case, as BroadWorks'
 * "contains" search criteria do (a modelling choice for the case rule).
 */

/** Whether `value` matches the pattern; a pattern without `*` must match whole. */
export function wildcardMatch(pattern: string, value: string): boolean {
    const re = new RegExp(`^${pattern.split("*").map(escape).join(".*")}$`, "i");
    return re.test(value);
}

export function isSearchPattern(v: string | undefined): boolean {
    return v !== undefined && v.includes("*");
}

function escape(s: string): string {
    return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The engine whose behaviour the test engine follows: pulumi/pulumi at this
 * commit (the v3.259 line, August 2026). Every `file:line` cited in this
 * folder is relative to that repository at this commit.
 */
export const ENGINE_COMMIT = "1b5949891b";

/** The dynamic-provider host and program runner are the ones installed: @pulumi/pulumi 3.270. */
export const ENGINE_VERSION_NOTE = "pulumi/pulumi 1b5949891b (v3.259 line) engine rules; @pulumi/pulumi 3.270 SDK, program runner and dynamic-provider host";

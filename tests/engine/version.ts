/**
 * The engine whose behaviour the test engine follows: pulumi/pulumi at this
 * commit (the v3.259 line, August 2026). Every `file:line` cited in this
 * folder is relative to that repository at this commit.
 */
export const ENGINE_COMMIT = "1b5949891b";

/**
 * The real engine the conformance test (tests/e2e/conformance.e2e.ts) compares
 * it with: the provider requests agree with this release's, and the rules
 * that test made change cite its source (the Go module pkg/v3 at this version).
 */
export const ENGINE_CHECKED_AGAINST = "v3.277.0";

/** The dynamic-provider host and program runner are the ones installed (the lockfile's @pulumi/pulumi 3.268.0). */
export const ENGINE_VERSION_NOTE = `pulumi/pulumi 1b5949891b (v3.259 line) engine rules, provider requests checked against pulumi ${ENGINE_CHECKED_AGAINST}; the installed @pulumi/pulumi's SDK, program runner and dynamic-provider host`;

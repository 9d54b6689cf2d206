/**
 * The Node.js lines this package supports (package.json engines.node; a test
 * keeps the two equal). npm only warns (EBADENGINE) when they are not met, and
 * much of the package would then run until something deep inside fails in a
 * way that names nothing, so every entry point stops at once with one line.
 */
export const MIN_NODE_MAJOR = 22;

/** Why this Node.js cannot run the package, in one line; undefined when it can. */
export function unsupportedNode(version: string = process.versions.node): string | undefined {
    const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
    if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) {
        return undefined;
    }
    return `pulumi-trunking needs Node.js ${MIN_NODE_MAJOR} or newer (22 and 24 are supported); this is Node.js ${version.startsWith("v") ? version : `v${version}`}`;
}

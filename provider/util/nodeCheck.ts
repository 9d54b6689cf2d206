/**
 * Imported first by the package root and by `pulumi-trunking/dynamic` (which
 * the provider host loads), so an unsupported Node.js stops them before
 * anything else loads, with one line that names both versions.
 */
import { unsupportedNode } from "./nodeVersion";

const problem = unsupportedNode();
if (problem) {
    const e = new Error(problem);
    // One line where it is printed: the place in this file says nothing to a user.
    e.stack = `Error: ${problem}`;
    throw e;
}

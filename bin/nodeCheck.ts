/**
 * Imported first by every command: on an unsupported Node.js it prints one
 * line naming the version found and the version needed, and exits 1, before
 * anything else loads.
 */
import * as path from "path";
import { unsupportedNode } from "../provider/util/nodeVersion";

const problem = unsupportedNode();
if (problem) {
    process.stderr.write(`${path.basename(process.argv[1] ?? "pulumi-trunking", ".js")}: ${problem}\n`);
    process.exit(1);
}

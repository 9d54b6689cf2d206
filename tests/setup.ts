/**
 * Loaded by mocha before any test (.mocharc.json "require").
 *
 * Most of the suite's time is Node processes starting and loading
 * @pulumi/pulumi: the test engine's program runner and provider host for every
 * command, CLIs, simulators. Node's on-disk compile cache (Node 22.1+; older
 * Node ignores the variable) cuts each load by about a third. The children
 * inherit it through the environment. It changes what V8 parses, never what
 * runs: no request, answer or output differs.
 */
import * as os from "os";
import * as path from "path";

process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), "pulumi-trunking-node-compile-cache");
(require("module") as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(process.env.NODE_COMPILE_CACHE);

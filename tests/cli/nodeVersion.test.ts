/**
 * On a Node.js older than the package supports, every entry point stops at
 * once with one line naming the version found and the version needed: the
 * three commands, the package root a program imports, and
 * `pulumi-trunking/dynamic`, which the provider host loads. Run with this
 * machine's older Node.js where it has one (the build machines have Node 20);
 * elsewhere with this Node.js told it is 20.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MIN_NODE_MAJOR, unsupportedNode } from "../../provider/util/nodeVersion";
import { OdinStack, printedErrors, startOdin, tempDir, trunkGroup } from "../engine/fixtures";

const root = path.resolve(__dirname, "../../..");

interface OldNode {
    /** The binary, and the arguments that go before the script. */
    bin: string;
    args: string[];
    /** For an environment's NODE_OPTIONS (a child process of it, such as the program runner's). */
    nodeOptions: string;
    version: string;
}

/** A Node.js below the supported lines: a real one on PATH (or /usr/bin/node), else this one saying it is 20. */
function oldNode(): OldNode {
    const candidates = new Set<string>(["/usr/bin/node", "/usr/local/bin/node"]);
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        candidates.add(path.join(dir, "node"));
    }
    for (const bin of candidates) {
        try {
            const version = execFileSync(bin, ["--version"], { encoding: "utf8", timeout: 10_000 }).trim();
            if (Number(/^v(\d+)\./.exec(version)?.[1]) < MIN_NODE_MAJOR) {
                return { bin, args: [], nodeOptions: "", version };
            }
        } catch {
            // not there, or not a node binary
        }
    }
    const fake = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "old-node-")), "node20.js");
    fs.writeFileSync(fake, 'Object.defineProperty(process.versions, "node", { value: "20.19.0" });\n');
    return { bin: process.execPath, args: ["--require", fake], nodeOptions: `--require ${fake}`, version: "v20.19.0" };
}

describe("an unsupported Node.js", function () {
    this.timeout(120_000);
    const old = oldNode();
    const line = `pulumi-trunking needs Node.js ${MIN_NODE_MAJOR} or newer (22 and 24 are supported); this is Node.js ${old.version}`;

    it(`is told apart by its major version: below ${MIN_NODE_MAJOR} refused, 22 and 24 run; the same floor as package.json's engines`, () => {
        expect(unsupportedNode("20.19.5")).to.equal(`pulumi-trunking needs Node.js 22 or newer (22 and 24 are supported); this is Node.js v20.19.5`);
        expect(unsupportedNode("v18.0.0")).to.match(/this is Node\.js v18\.0\.0$/);
        expect(unsupportedNode("22.0.0")).to.equal(undefined);
        expect(unsupportedNode("24.3.1")).to.equal(undefined);
        expect(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).engines.node).to.equal(`>=${MIN_NODE_MAJOR}`);
    });

    for (const cli of ["trunking-capacity", "trunking-discover", "trunking-sim"]) {
        it(`${cli} stops with one line naming both versions (exit 1)`, () => {
            const r = spawnSync(old.bin, [...old.args, path.join(root, "dist/bin", `${cli}.js`), "--help"], { encoding: "utf8", timeout: 30_000 });
            expect(r.stdout).to.equal("");
            expect(r.stderr).to.equal(`${cli}: ${line}\n`);
            expect(r.status).to.equal(1);
        });
    }

    it("the package root stops a program that imports it, with that line", async () => {
        const sim = await startOdin();
        const dir = tempDir("old-node-program");
        try {
            const stack = new OdinStack(sim, dir, old.nodeOptions ? { programEnv: { ...process.env, NODE_OPTIONS: old.nodeOptions } } : { programNode: old.bin });
            stack.setResources([trunkGroup("never")]);
            const s = await stack.engine.up({ expectFailure: true });
            expect(printedErrors(s)).to.contain(line);
            expect(stack.engine.resources().filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
            expect(stack.writes()).to.deep.equal([]);
        } finally {
            await sim.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("pulumi-trunking/dynamic stops the provider host's operation, with that line", async () => {
        const sim = await startOdin();
        const dir = tempDir("old-node-host");
        try {
            const stack = new OdinStack(sim, dir, old.nodeOptions ? { hostEnv: { ...process.env, NODE_OPTIONS: old.nodeOptions } } : { hostNode: old.bin });
            stack.setResources([trunkGroup("never")]);
            const s = await stack.engine.up({ expectFailure: true });
            expect(printedErrors(s)).to.contain(line);
            expect(stack.writes()).to.deep.equal([]);
        } finally {
            await sim.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

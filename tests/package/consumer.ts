import { expect } from "chai";
import { SpawnSyncReturns, execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { DriverReport } from "./driver";
import { SECRETS } from "./driver";

/**
 * A fresh Pulumi project outside this repository that installs pulumi-trunking
 * (from a tarball or a git URL) beside its OWN @pulumi/pulumi, compiles its
 * program with its own TypeScript, and runs it through the dynamic-provider host
 * of its own SDK against the simulators shipped in the package. Used by
 * packInstall.spec.ts and gitInstall.spec.ts.
 *
 * Environment:
 *   TRUNKING_PACKAGE_SDK  the project's @pulumi/pulumi version (default: the
 *                         lowest of the peer range, which the repository's
 *                         lockfile pins). With another version than the
 *                         repository's (CI's newest end), a package carrying its
 *                         own SDK would get a second, nested copy
 *   TRUNKING_KEEP_TMP=1   keep the temporary folders (their path is printed)
 */

export const REPO = path.resolve(__dirname, "..", "..", "..");
export const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const LOCK = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
export const REPO_SDK: string = LOCK.packages["node_modules/@pulumi/pulumi"].version;
export const PEER_RANGE: string = PKG.peerDependencies?.["@pulumi/pulumi"] ?? "";
const LOWEST = /^\^(\d+\.\d+\.\d+)$/.exec(PEER_RANGE)?.[1];
export const SDK = process.env.TRUNKING_PACKAGE_SDK || LOWEST || "";

/**
 * What runs the program inside the consumer project: compiled folders of this
 * repository's dist/tests, copied there with their layout (see driver.ts).
 * Switching to the test engine of tests/engine/ means listing its folder here
 * and changing engine() in driver.ts.
 */
export const ENGINE_DIRS = ["engine"];
const DRIVER = path.join("package", "driver.js");

/** The consumer project's files (index.ts.txt becomes index.ts). */
const CONSUMER = path.join(REPO, "tests", "package", "consumer");

const ver = (v: string) => v.split(".").map(Number);
export const atLeast = (a: string, b: string) => {
    const [x, y] = [ver(a), ver(b)];
    for (let i = 0; i < 3; i++) {
        if (x[i] !== y[i]) {
            return x[i] > y[i];
        }
    }
    return true;
};

/** Fails early, and says why, where the test cannot mean anything. Returns a new temporary folder. */
export function prepare(prefix: string): string {
    const major = Number(process.versions.node.split(".")[0]);
    if (major < 22) {
        throw new Error(`run the package tests on a supported Node line (engines: ${PKG.engines.node}); this is Node ${process.version}`);
    }
    expect(LOWEST, `peerDependencies["@pulumi/pulumi"] should be ^X.Y.Z, is "${PEER_RANGE}"`).to.be.a("string");
    expect(atLeast(SDK, LOWEST!) && ver(SDK)[0] === ver(LOWEST!)[0], `TRUNKING_PACKAGE_SDK=${SDK} is outside ${PEER_RANGE}`).to.equal(true);
    // With another version than the repository's, a package that carried its own SDK would get a
    // second, nested copy: CI's newest end shows that. The floor is the lockfile's own version, so
    // it must be asked for explicitly; it still tests the package on that SDK.
    if (SDK === REPO_SDK) {
        expect(process.env.TRUNKING_PACKAGE_SDK, `the project's @pulumi/pulumi (${SDK}) must differ from this repository's`).to.equal(SDK);
        console.log(`      note: the project's @pulumi/pulumi is the repository's own (${SDK}): a nested copy could not show here`);
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    if (process.env.TRUNKING_KEEP_TMP) {
        console.log(`      temporary folders in ${tmp}`);
    }
    return tmp;
}

export function cleanup(tmp: string | undefined): void {
    if (tmp && !process.env.TRUNKING_KEEP_TMP) {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/** npm and node of the Node line under test (the one running this file). */
function toolEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        // Settings of an enclosing `npm run` must not leak into the installs; the simulators'
        // credentials come from the stack config, never from this shell.
        if (!/^(npm_package_|npm_lifecycle_|npm_config_engine_strict|ODIN_|WEBEX_|TRUNKING_|PULUMI_)/i.test(k)) {
            env[k] = v;
        }
    }
    env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`;
    return env;
}

export function run(cmd: string, args: string[], cwd: string, timeoutMs = 600_000): SpawnSyncReturns<string> {
    const r = spawnSync(cmd, args, { cwd, env: toolEnv(), encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    if (r.error) {
        throw r.error;
    }
    return r;
}

export function ok(r: SpawnSyncReturns<string>, what: string): string {
    expect(r.status, `${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`).to.equal(0);
    return r.stdout;
}

/** Every installed copy of a package under a project's node_modules, nested ones included. */
export function copiesOf(project: string, name: string): string[] {
    const found: string[] = [];
    const walk = (nm: string) => {
        if (!fs.existsSync(nm)) {
            return;
        }
        for (const e of fs.readdirSync(nm, { withFileTypes: true })) {
            if (e.name.startsWith(".")) {
                continue;
            }
            const dirs = e.name.startsWith("@") && e.isDirectory() ? fs.readdirSync(path.join(nm, e.name)).map((s) => path.join(e.name, s)) : [e.name];
            for (const d of dirs) {
                const full = path.join(nm, d);
                if (d === name && fs.existsSync(path.join(full, "package.json"))) {
                    found.push(full);
                }
                if (!fs.lstatSync(full).isSymbolicLink()) {
                    walk(path.join(full, "node_modules"));
                }
            }
        }
    };
    walk(path.join(project, "node_modules"));
    return found;
}

export function filesUnder(dir: string, base = dir): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? filesUnder(full, base) : [path.relative(base, full).split(path.sep).join("/")];
    });
}

/** A new Pulumi project whose dependencies are @pulumi/pulumi at SDK and pulumi-trunking from `spec`. */
export function makeProject(dir: string, spec: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const devDeps = LOCK.packages[""].devDependencies as Record<string, string>;
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify(
            {
                name: "trunking-consumer",
                private: true,
                main: "bin/index.js",
                dependencies: { "@pulumi/pulumi": SDK, "pulumi-trunking": spec },
                // As `pulumi new typescript` has them; this repository's versions, so they come from the npm cache.
                devDependencies: { typescript: devDeps.typescript, "@types/node": devDeps["@types/node"] },
            },
            null,
            2,
        ),
    );
    fs.copyFileSync(path.join(CONSUMER, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.copyFileSync(path.join(CONSUMER, "tsconfig.json"), path.join(dir, "tsconfig.json"));
    fs.copyFileSync(path.join(CONSUMER, "index.ts.txt"), path.join(dir, "index.ts"));
}

/** `npm install` in the project; returns everything npm printed. */
export function npmInstall(dir: string): string {
    // --engine-strict: the Node line under test must satisfy every engines field, this
    // package's included. --foreground-scripts: lifecycle scripts that run show in the log.
    const r = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--engine-strict", "--foreground-scripts"], dir);
    return ok(r, `npm install in ${dir}`) + r.stderr;
}

/** The SDK copies of the project, by the file system and by `npm ls`: both must be exactly the project's own. */
export function expectOneSdk(project: string): void {
    const own = path.join(project, "node_modules", "@pulumi", "pulumi");
    expect(copiesOf(project, "@pulumi/pulumi")).to.deep.equal([own]);
    const ls = ok(run("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], project), "npm ls @pulumi/pulumi");
    expect([...new Set(ls.split("\n").filter(Boolean))]).to.deep.equal([own]);
    expect(JSON.parse(fs.readFileSync(path.join(own, "package.json"), "utf8")).version).to.equal(SDK);
}

/** Compiles the project's program with the project's TypeScript (as `pulumi new typescript` sets it up). */
export function compileProgram(project: string): void {
    ok(run(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project), `tsc in ${project}`);
    expect(fs.existsSync(path.join(project, "bin", "index.js"))).to.equal(true);
}

/** Runs the project's program (up, up again, destroy) through driver.ts inside the project. */
export function runProgram(project: string, reportFile: string): DriverReport {
    const dist = path.join(REPO, "dist", "tests");
    for (const d of ENGINE_DIRS) {
        fs.cpSync(path.join(dist, d), path.join(project, "dist", "tests", d), { recursive: true });
    }
    fs.mkdirSync(path.join(project, "dist", "tests", "package"), { recursive: true });
    fs.copyFileSync(path.join(dist, DRIVER), path.join(project, "dist", "tests", DRIVER));
    ok(run(process.execPath, [path.join(project, "dist", "tests", DRIVER), reportFile], project), `the program of ${project}`);
    return JSON.parse(fs.readFileSync(reportFile, "utf8"));
}

/** What a user relies on when the program ran in their project. */
export function expectProgramWorked(r: DriverReport, project: string, forbiddenPaths: string[]): void {
    const own = path.join(project, "node_modules", "@pulumi", "pulumi");
    expect(r.node).to.equal(process.version);
    // One SDK: the program's, the package's and the host's are the project's copy.
    expect(r.sdk.version).to.equal(SDK);
    expect(r.sdk.program).to.equal(path.join(own, "package.json"));
    expect(r.sdk.package).to.equal(path.join(own, "package.json"));
    expect(r.sdk.host.startsWith(own + path.sep)).to.equal(true);

    // First up: both resources created, and the report taken after the trunk group.
    expect(r.runs.up1).to.include({ creates: 2, updates: 0, deletes: 0 });
    expect(r.runs.up1.outputs.trunkGroupId).to.equal("SP1/G1/PBX%20Consumer");
    expect(r.runs.up1.outputs.webexTrunkId).to.be.a("string").and.not.equal("");
    expect(r.afterUp.trunkGroup).to.include({ maxActiveCalls: 10, requireAuthentication: true, sipAuthenticationUserName: "pbxc", sipAuthenticationPassword: SECRETS.pbxSip });
    expect(r.afterUp.webexTrunk).to.include({ id: r.runs.up1.outputs.webexTrunkId, trunkType: "REGISTERING", password: SECRETS.lgwSip });
    const capacity = r.runs.up1.outputs.capacity as any;
    expect(capacity.serviceProviderId).to.equal("SP1");
    const g1 = capacity.groups.find((g: any) => g.groupId === "G1");
    expect(g1.trunkGroups.map((t: any) => t.name).sort()).to.deep.equal(["G1-TG1", "G1-TG2", "PBX Consumer"]);
    expect(g1.trunkGroupsCallCapacityTotal).to.equal(20 + 10 + 10);

    // The provider the engine stores in state loads the package by name, so the state
    // works on any machine that has the package installed in its project.
    // Installed in node_modules, the package's provider object is written as one require of
    // the kind's module (pulumi-trunking/dynamic/<module>/<Type>), not as its code: the text the
    // engine stores twice per resource (with inputs and outputs) is under 300 bytes.
    expect(r.providerTexts).to.have.length(2);
    for (const text of r.providerTexts) {
        expect([...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).to.have.length(1).and.to.satisfy((m: string[]) => /^"pulumi-trunking\/dynamic\/(odin\/TrunkGroup|webex\/Trunk)"$/.test(m[0]));
        expect(text.length).to.be.below(300);
        for (const p of [project, ...forbiddenPaths]) {
            expect(text).not.to.contain(p);
        }
    }
    // A TrunkGroup with a SIP password takes at most 3 KB of state (inputs and outputs); it took 9.2 KB
    // when the provider's code was written into state.
    expect(r.stateBytes["pulumi-nodejs:dynamic/odin:TrunkGroup"]).to.be.a("number").and.at.most(3072);

    // Second up of the same program: nothing to do, nothing written. Destroy removes both.
    expect(r.runs.up2).to.include({ creates: 0, updates: 0, deletes: 0, sames: 2, writes: 0 });
    expect(r.runs.up2.changes).to.deep.equal([]);
    expect(r.runs.destroy).to.include({ deletes: 2 });
    expect(r.afterDestroy).to.deep.equal({ trunkGroup: false, webexTrunk: false });

    // Secrets stay out of the state text and of everything the hosts printed.
    for (const s of Object.values(SECRETS)) {
        expect(r.stateText).not.to.contain(s);
        expect(r.hostLogs).not.to.contain(s);
    }
}

/**
 * `trunking-discover odin` of the package installed in `project`, run as a
 * user runs it there (`npx trunking-discover`), against an Odin API at
 * `odinUrl` with the sample login; writes the project into `out` and returns
 * what the command printed on stderr.
 */
export function discoverWithInstalledPackage(project: string, out: string, odinUrl: string): Promise<string> {
    // Asynchronously: the simulator answering it runs in this process.
    const bin = path.join(project, "node_modules", ".bin", "trunking-discover");
    return new Promise((resolve, reject) =>
        execFile(
            bin,
            ["odin", "-s", "SP1", "--out", out],
            { cwd: project, env: { ...toolEnv(), ODIN_BASE_URL: odinUrl, ODIN_USERNAME: "admin", ODIN_PASSWORD: "admin" }, encoding: "utf8", timeout: 120_000 },
            (err, stdout, stderr) => (err ? reject(new Error(`trunking-discover failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stderr)),
        ),
    );
}

/**
 * What trunking-discover wrote installs as it stands: pulumi-trunking from
 * `spec`, @pulumi/pulumi at the package's peer range (one copy), Node 22's
 * types; `npm install` succeeds and the project's own TypeScript compiles
 * index.ts.
 */
export function expectGeneratedProjectInstalls(dir: string, spec: string): void {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.dependencies).to.deep.equal({ "@pulumi/pulumi": PEER_RANGE, "pulumi-trunking": spec });
    expect(pkg.devDependencies["@types/node"]).to.match(/^\^22\./);
    npmInstall(dir);
    expect(copiesOf(dir, "@pulumi/pulumi")).to.deep.equal([path.join(dir, "node_modules", "@pulumi", "pulumi")]);
    expect(fs.lstatSync(path.join(dir, "node_modules", "pulumi-trunking")).isSymbolicLink(), "pulumi-trunking installed as a copy").to.equal(false);
    ok(run(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "."], dir), `tsc in ${dir}`);
    expect(fs.existsSync(path.join(dir, "bin", "index.js"))).to.equal(true);
}

import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { startOdinSimulator } from "../../provider/simulator";
import { PKG, REPO, atLeast, cleanup, compileProgram, copiesOf, discoverWithInstalledPackage, expectGeneratedProjectInstalls, expectOneSdk, expectProgramWorked, filesUnder, makeProject, npmInstall, ok, prepare, run, runProgram } from "./consumer";

/**
 * The package as a user gets it from a tarball (`npm pack`, or later the npm
 * registry): packed from a clean copy of the tree (no dist/, so `prepare` must
 * build it), installed into a fresh Pulumi project that has its OWN
 * @pulumi/pulumi, compiled there, and run through that SDK's dynamic-provider
 * host against the simulators shipped in the package.
 *
 * Not part of `npm test` (it needs the npm registry and a minute or two): CI
 * runs `npm run test:package` on both ends of the supported @pulumi/pulumi
 * range, each on its Node line (see consumer.ts for the environment it reads).
 */
describe("the packed package, installed into a fresh Pulumi project", function () {
    this.timeout(900_000);
    let tmp: string;
    let tarball: string;
    let packedFiles: string[];
    let extracted: string;
    let project: string;

    before(() => {
        tmp = prepare("pulumi-trunking-pack-");
    });
    after(() => cleanup(tmp));

    it("npm pack of a clean copy of the tree builds it (prepare) and packs it", () => {
        // A clean checkout: the files git knows (committed or not), no dist/; node_modules
        // linked, as `npm ci` would have installed them.
        const src = path.join(tmp, "src");
        const list = ok(run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO), "git ls-files").split("\0").filter(Boolean);
        for (const f of list) {
            if (fs.existsSync(path.join(REPO, f))) {
                fs.mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
                fs.copyFileSync(path.join(REPO, f), path.join(src, f));
            }
        }
        expect(fs.existsSync(path.join(src, "dist"))).to.equal(false);
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(src, "node_modules"), "dir");
        const out = ok(run("npm", ["pack", "--json", "--pack-destination", tmp], src), "npm pack");
        const packed = JSON.parse(out.slice(out.indexOf("[")))[0];
        packedFiles = packed.files.map((f: { path: string }) => f.path).sort();
        tarball = path.join(tmp, packed.filename);
        extracted = path.join(tmp, "extracted");
        fs.mkdirSync(extracted);
        ok(run("tar", ["-xzf", tarball, "-C", extracted], tmp), "tar");
        extracted = path.join(extracted, "package");
        expect(filesUnder(extracted).sort()).to.deep.equal(packedFiles);
        // The same list as `npm pack --dry-run` of this tree.
        const dry = ok(run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], src), "npm pack --dry-run");
        expect(JSON.parse(dry.slice(dry.indexOf("[")))[0].files.map((f: { path: string }) => f.path).sort()).to.deep.equal(packedFiles);
    });

    it("each example installs in a clone as its README says (npm install: pulumi-trunking from file:../.., a copy using the example's own SDK) and compiles", () => {
        const src = path.join(tmp, "src");
        // The Node.js projects (examples/yaml and examples/python use the provider plugin: tests/e2e/plugin.e2e.ts).
        const examples = fs.readdirSync(path.join(src, "examples")).filter((d) => fs.existsSync(path.join(src, "examples", d, "package.json")));
        expect(examples.sort()).to.deep.equal(["adopt", "quickstart", "webex-and-broadworks"]);
        for (const example of examples) {
            const dir = path.join(src, "examples", example);
            npmInstall(dir);
            expect(fs.lstatSync(path.join(dir, "node_modules", "pulumi-trunking")).isSymbolicLink(), `${example}: a copy, not a link`).to.equal(false);
            expect(copiesOf(dir, "@pulumi/pulumi")).to.deep.equal([path.join(dir, "node_modules", "@pulumi", "pulumi")]);
            ok(run(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "."], dir), `tsc in examples/${example}`);
            expect(fs.existsSync(path.join(dir, "bin", "index.js"))).to.equal(true);
        }
    });

    it("the tarball holds the package and nothing of the repository's tooling", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(extracted, "package.json"), "utf8"));
        // Everything package.json points at is there.
        const targets: string[] = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
        const collect = (v: unknown): void => {
            if (typeof v === "string") {
                if (!v.includes("*")) {
                    targets.push(v);
                }
            } else if (v && typeof v === "object") {
                Object.values(v).forEach(collect);
            }
        };
        collect(pkg.exports);
        for (const t of targets) {
            expect(packedFiles, `package.json points at ${t}`).to.include(path.posix.normalize(t));
        }
        expect(packedFiles).to.include.members([
            "LICENSE",
            "README.md",
            "package.json",
            "dist/provider/index.js",
            "dist/provider/index.d.ts",
            "dist/provider/simulator/index.js",
            "dist/bin/trunking-sim.js",
            "dist/bin/trunking-capacity.js",
            "dist/provider/plugin/main.js",
            "schema.json",
            "pulumi-resource-trunking",
            "pulumi-resource-trunking.cmd",
        ]);
        // The provider plugin: Pulumi runs this file from the package folder, so it must stay executable.
        expect(fs.statSync(path.join(extracted, "pulumi-resource-trunking")).mode & 0o111, "pulumi-resource-trunking is executable").to.not.equal(0);
        expect(fs.readFileSync(path.join(extracted, "LICENSE"), "utf8")).to.match(/Apache License\s+Version 2\.0, January 2004/);
        expect(pkg.license).to.equal("Apache-2.0");
        for (const bin of Object.values(pkg.bin as Record<string, string>)) {
            expect(fs.readFileSync(path.join(extracted, bin), "utf8").startsWith("#!/usr/bin/env node"), bin).to.equal(true);
        }
        // No tests, benchmarks, examples, fixtures, CI or build configuration.
        const stray = packedFiles.filter(
            (f) => /(^|\/)(tests?|bench|examples|fixtures|scripts|\.ci|\.github|node_modules)\//.test(f) || /\.(test|spec)\.|tsbuildinfo|(^|\/)tsconfig|eslint|mocharc|Pulumi\.yaml/.test(f),
        );
        expect(stray).to.deep.equal([]);
        // Nothing of it runs in a consumer's install.
        for (const s of ["preinstall", "install", "postinstall"]) {
            expect(pkg.scripts ?? {}).not.to.have.property(s);
        }
        // @pulumi/pulumi is the project's: a peer, never a dependency of its own.
        expect(pkg.dependencies ?? {}).not.to.have.property("@pulumi/pulumi");
        expect(pkg.peerDependencies).to.have.property("@pulumi/pulumi");
    });

    it("every source map points at a source that ships in the tarball", () => {
        const maps = packedFiles.filter((f) => f.endsWith(".map"));
        expect(maps.length).to.be.greaterThan(10);
        const missing: string[] = [];
        for (const m of maps) {
            const map = JSON.parse(fs.readFileSync(path.join(extracted, m), "utf8"));
            for (const s of map.sources as string[]) {
                const full = path.resolve(path.dirname(path.join(extracted, m)), map.sourceRoot ?? "", s);
                if (!fs.existsSync(full) || !full.startsWith(extracted + path.sep)) {
                    missing.push(`${m} -> ${s}`);
                }
            }
        }
        expect(missing).to.deep.equal([]);
        for (const js of packedFiles.filter((f) => f.endsWith(".js"))) {
            const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(fs.readFileSync(path.join(extracted, js), "utf8"))?.[1];
            if (ref) {
                expect(fs.existsSync(path.resolve(path.dirname(path.join(extracted, js)), ref)), `${js} -> ${ref}`).to.equal(true);
            }
        }
    });

    it("npm install of the tarball beside the project's own @pulumi/pulumi keeps one copy of the SDK and runs no script of the package", () => {
        project = path.join(tmp, "project");
        makeProject(project, `file:${tarball}`);
        const log = npmInstall(project);
        expect(log).not.to.match(/> pulumi-trunking@/);
        expectOneSdk(project);
    });

    it("a project on an SDK below the range gets npm's ERESOLVE naming the peer range, not a second copy", () => {
        const floor = PKG.peerDependencies["@pulumi/pulumi"].replace(/^\^/, "");
        const all: string[] = JSON.parse(ok(run("npm", ["view", "@pulumi/pulumi", "versions", "--json"], tmp), "npm view"));
        const below = all.filter((v) => /^\d+\.\d+\.\d+$/.test(v) && v.split(".")[0] === floor.split(".")[0] && !atLeast(v, floor)).pop();
        expect(below, `a 3.x release below ${floor}`).to.be.a("string");
        const old = path.join(tmp, "old-sdk-project");
        fs.mkdirSync(old);
        fs.writeFileSync(path.join(old, "package.json"), JSON.stringify({ name: "old-sdk", private: true, dependencies: { "@pulumi/pulumi": below } }));
        const r = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `file:${tarball}`], old);
        expect(r.status, r.stdout + r.stderr).not.to.equal(0);
        expect(r.stderr).to.contain("ERESOLVE");
        expect(r.stderr).to.contain(`peer @pulumi/pulumi@"${PKG.peerDependencies["@pulumi/pulumi"]}" from pulumi-trunking`);
        expect(fs.existsSync(path.join(old, "node_modules", "pulumi-trunking"))).to.equal(false);
    });

    it("the project's program compiles against the installed declarations and the project's SDK", () => {
        compileProgram(project);
    });

    it("trunking-discover of the installed package writes a project that installs from the same tarball and compiles", async () => {
        const odin = await startOdinSimulator();
        try {
            const generated = path.join(tmp, "discovered");
            const said = await discoverWithInstalledPackage(project, generated, odin.url);
            expect(said).to.contain(`installs pulumi-trunking from the tarball it was installed from (${tarball})`);
            expectGeneratedProjectInstalls(generated, `file:${tarball}`);
        } finally {
            await odin.close();
        }
    });

    it("the program runs through the project's dynamic-provider host: TrunkGroup, WebexTrunk and the capacity report", () => {
        expectProgramWorked(runProgram(project, path.join(tmp, "report.json")), project, [REPO, tmp]);
    });
});

import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { startOdinSimulator } from "../../provider/simulator";
import { discoverWithInstalledPackage, REPO, cleanup, compileProgram, expectOneSdk, expectProgramWorked, filesUnder, makeProject, npmInstall, ok, prepare, run, runProgram } from "./consumer";

/**
 * `npm install git+https://…/pulumi-trunking.git` as a user does it before the
 * package is on the npm registry: npm clones, installs the devDependencies,
 * runs `prepare` (the build) and packs. Here from git+file:// of this
 * repository at HEAD, which needs nothing but the npm registry.
 *
 * Locally this installs the last COMMIT (CI runs on a clean clone, where that
 * is the tree). Not part of `npm test`; CI runs it once (`npm run
 * test:package:git`): the build in the clone does not depend on the SDK end.
 */
describe("the package installed from a git URL into a fresh Pulumi project", function () {
    this.timeout(900_000);
    let tmp: string;
    let project: string;

    before(() => {
        tmp = prepare("pulumi-trunking-git-");
    });
    after(() => cleanup(tmp));

    it("builds on prepare (dist/ is not in git) into a complete package, runs no install script, and keeps one SDK copy", () => {
        const head = ok(run("git", ["rev-parse", "HEAD"], REPO), "git rev-parse").trim();
        project = path.join(tmp, "project");
        makeProject(project, `git+file://${REPO}#${head}`);
        const log = npmInstall(project);
        expect(log).not.to.match(/> pulumi-trunking@[^\n]*\b(preinstall|install|postinstall)\b/);
        const installed = filesUnder(path.join(project, "node_modules", "pulumi-trunking")).sort();
        expect(installed).to.include.members(["LICENSE", "README.md", "package.json", "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/simulator/index.js", "dist/bin/trunking-sim.js"]);
        // Built from the clone: every shipped source has its compiled file beside the maps.
        const sources = installed.filter((f) => /^(provider|bin)\/.*\.ts$/.test(f));
        expect(sources.length).to.be.greaterThan(10);
        for (const s of sources) {
            expect(installed, s).to.include(`dist/${s.replace(/\.ts$/, ".js")}`);
        }
        expect(installed.filter((f) => /(^|\/)tests?\/|^bench\/|^examples\/|^scripts\//.test(f))).to.deep.equal([]);
        expectOneSdk(project);
    });

    it("trunking-discover of the installed package writes a project that installs pulumi-trunking from the same git URL", async () => {
        const head = ok(run("git", ["rev-parse", "HEAD"], REPO), "git rev-parse").trim();
        const odin = await startOdinSimulator();
        try {
            const generated = path.join(tmp, "discovered");
            await discoverWithInstalledPackage(project, generated, odin.url);
            const pkg = JSON.parse(fs.readFileSync(path.join(generated, "package.json"), "utf8"));
            expect(pkg.dependencies["pulumi-trunking"]).to.equal(`git+file://${REPO}#${head}`);
            expect(fs.existsSync(path.join(generated, ".npmrc"))).to.equal(false);
        } finally {
            await odin.close();
        }
    });

    it("the program compiles and runs through the project's dynamic-provider host", () => {
        compileProgram(project);
        expectProgramWorked(runProgram(project, path.join(tmp, "report.json")), project, [REPO, tmp]);
    });
});

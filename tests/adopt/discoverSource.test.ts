/**
 * What the project trunking-discover writes installs pulumi-trunking from:
 * where this copy came from, never a registry name that may not resolve.
 * The layouts are what npm leaves on disk (node_modules/.package-lock.json).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { givenPackageSource, packageSource, packageVersions, renderProject } from "../../provider/discover";
import { REPO, runDiscover, tempDir } from "./helpers";
import { startOdinSimulator } from "../../provider/simulator";

describe("trunking-discover: where the generated project installs pulumi-trunking from", () => {
    let tmp: string;
    beforeEach(() => {
        tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "discover-source-")));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    /** A project with pulumi-trunking installed by npm, its hidden lockfile saying `entry`. */
    function installed(entry: Record<string, unknown> | undefined): string {
        const pkgRoot = path.join(tmp, "project", "node_modules", "pulumi-trunking");
        fs.mkdirSync(pkgRoot, { recursive: true });
        if (entry) {
            const lock = { name: "project", lockfileVersion: 3, packages: { "node_modules/pulumi-trunking": { version: "0.1.0", ...entry } } };
            fs.writeFileSync(path.join(tmp, "project", "node_modules", ".package-lock.json"), JSON.stringify(lock));
        }
        return pkgRoot;
    }

    it("from a tarball: the tarball, as an absolute path (the project is written elsewhere)", () => {
        fs.mkdirSync(path.join(tmp, "packages"));
        fs.writeFileSync(path.join(tmp, "packages", "pulumi-trunking-0.1.0.tgz"), "");
        const s = packageSource(installed({ resolved: "file:../packages/pulumi-trunking-0.1.0.tgz" }), "0.1.0");
        expect(s).to.deep.include({ spec: `file:${path.join(tmp, "packages", "pulumi-trunking-0.1.0.tgz")}`, folder: false });
        expect(s.warning).to.equal(undefined);
    });

    it("from a git URL: that URL, with the commit npm resolved", () => {
        const url = "git+ssh://git@git.example.net/voice/pulumi-trunking.git#0123456789abcdef0123456789abcdef01234567";
        expect(packageSource(installed({ resolved: url }), "0.1.0")).to.deep.include({ spec: url, folder: false });
    });

    it("from the registry: the version range, since the name resolves there", () => {
        const s = packageSource(installed({ resolved: "https://registry.npmjs.org/pulumi-trunking/-/pulumi-trunking-0.1.0.tgz" }), "0.1.0");
        expect(s).to.deep.include({ spec: "^0.1.0", folder: false });
        expect(packageSource(installed({ resolved: "https://files.example.net/pulumi-trunking.tgz" }), "0.1.0").spec).to.equal("https://files.example.net/pulumi-trunking.tgz");
    });

    it("from a clone (not inside node_modules): the clone's folder, installed as a copy", () => {
        const s = packageSource(REPO, "0.1.0");
        expect(s).to.deep.include({ spec: `file:${REPO}`, folder: true });
        const files = renderProject({ api: "odin", project: "p", command: "c", source: "s", sections: {}, resources: [], connection: [] }, { ...packageVersions(s) });
        expect(JSON.parse(files["package.json"]).dependencies["pulumi-trunking"]).to.equal(`file:${REPO}`);
        expect(files[".npmrc"]).to.match(/^install-links=true$/m);
    });

    it("unknown, or a tarball that is gone: a file: spec of this copy, and a warning that names --package", () => {
        for (const s of [packageSource(installed(undefined), "0.1.0"), packageSource(installed({ resolved: "file:../gone.tgz" }), "0.1.0")]) {
            expect(s.spec).to.equal(`file:${path.join(tmp, "project", "node_modules", "pulumi-trunking")}`);
            expect(s.warning).to.match(/--package SPEC/);
        }
    });

    it("--package: a path is made absolute and must exist; anything else goes to npm as written", () => {
        fs.writeFileSync(path.join(tmp, "p.tgz"), "");
        expect(givenPackageSource("./p.tgz", tmp)).to.deep.include({ spec: `file:${path.join(tmp, "p.tgz")}`, folder: false });
        expect(givenPackageSource(`file:${tmp}`, "/")).to.deep.include({ spec: `file:${tmp}`, folder: true });
        expect(givenPackageSource("git+https://git.example.net/x.git#v1", tmp).spec).to.equal("git+https://git.example.net/x.git#v1");
        expect(givenPackageSource("^0.2.0", tmp).spec).to.equal("^0.2.0");
        expect(() => givenPackageSource("./missing.tgz", tmp)).to.throw(`--package ./missing.tgz: ${path.join(tmp, "missing.tgz")} does not exist`);
    });

    it("the package.json asks for @pulumi/pulumi at the peer range and Node 22's types", () => {
        const v = packageVersions();
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
        expect(v.pulumi).to.equal(pkg.peerDependencies["@pulumi/pulumi"]);
        expect(v.nodeTypes).to.equal("^22.0.0");
    });

    it("the command, run from this clone: file: of the clone, and --package overrides it", async function () {
        this.timeout(60_000);
        const odin = await startOdinSimulator();
        const dir = tempDir("source");
        try {
            const env = { ODIN_BASE_URL: odin.url, ODIN_USERNAME: "admin", ODIN_PASSWORD: "admin" };
            const run = await runDiscover(["odin", "-s", "SP1", "--out", path.join(dir, "a")], env);
            expect(run.code, run.stderr).to.equal(0);
            expect(run.stderr).to.contain(`package.json installs pulumi-trunking from the folder it runs from (${REPO}): file:${REPO}`);
            expect(JSON.parse(fs.readFileSync(path.join(dir, "a", "package.json"), "utf8")).dependencies["pulumi-trunking"]).to.equal(`file:${REPO}`);
            const given = await runDiscover(["odin", "-s", "SP1", "--out", path.join(dir, "b"), "--package", "git+https://git.example.net/x.git#v1"], env);
            expect(given.code, given.stderr).to.equal(0);
            expect(JSON.parse(fs.readFileSync(path.join(dir, "b", "package.json"), "utf8")).dependencies["pulumi-trunking"]).to.equal("git+https://git.example.net/x.git#v1");
            expect(fs.existsSync(path.join(dir, "b", ".npmrc"))).to.equal(false);
            const missing = await runDiscover(["odin", "-s", "SP1", "--out", path.join(dir, "c"), "--package", "./nope.tgz"], env);
            expect(missing.code).to.equal(1);
            expect(missing.stderr).to.contain("--package ./nope.tgz:");
            expect(fs.existsSync(path.join(dir, "c"))).to.equal(false);
        } finally {
            await odin.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

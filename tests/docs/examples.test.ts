/**
 * Each example is a Pulumi project of its own that runs from a clone as its
 * README says: `npm install` (pulumi-trunking from the clone, as a copy that
 * uses the project's own SDK), the simulator started as written, the
 * `pulumi config set` commands as written, `pulumi up`. The commands run here
 * through the test engine with the compiled program; trunking-sim is started
 * with the README's own flags (ports chosen free, the README's URLs pointed
 * at them). `npm install` itself runs in the package test (tests/package).
 */
import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { TestEngine } from "../engine/index";
import { tempDir } from "../engine/fixtures";

const REPO = path.resolve(__dirname, "../../..");
const EXAMPLES = path.join(REPO, "examples");
const PEER = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).peerDependencies["@pulumi/pulumi"];

/** The examples that are programs (demo is the `npm run demo` script; ci holds pipeline files). */
const PROGRAMS = fs.readdirSync(EXAMPLES).filter((d) => fs.existsSync(path.join(EXAMPLES, d, "index.ts")));

function read(example: string, file: string): string {
    return fs.readFileSync(path.join(EXAMPLES, example, file), "utf8");
}

/** The bash blocks of a README, one command per line, comments dropped. */
function commands(readme: string): string[] {
    return [...readme.matchAll(/^```bash\n([\s\S]*?)^```/gm)].flatMap((m) =>
        m[1]
            .split("\n")
            .map((l) => l.replace(/\s+#.*$/, "").trim())
            .filter(Boolean),
    );
}

/** What the program reads with cfg.require / requireSecret / requireNumber / requireObject, in its own files. */
function requiredConfig(example: string): Array<{ key: string; secret: boolean }> {
    const keys = new Map<string, boolean>();
    for (const f of fs.readdirSync(path.join(EXAMPLES, example)).filter((x) => x.endsWith(".ts"))) {
        for (const m of read(example, f).matchAll(/\.require(Secret|Number|Boolean|Object)?\("([^"]+)"\)/g)) {
            keys.set(m[2], m[1] === "Secret");
        }
    }
    return [...keys].map(([key, secret]) => ({ key, secret }));
}

function configSets(cmds: string[]): Array<{ key: string; secret: boolean; value: string }> {
    return cmds.flatMap((c) => {
        const m = /^pulumi config set (--secret )?(\S+) (?:'([^']*)'|(\S+))$/.exec(c);
        return m ? [{ secret: m[1] !== undefined, key: m[2], value: m[3] ?? m[4] }] : [];
    });
}

interface Sim {
    child: ChildProcess;
    out: string;
}

/** trunking-sim with the README's flags, its ports made free ones; resolves once it has printed its variables. */
function startSim(flags: string[]): Promise<Sim> {
    const args = flags.map((f, i) => (/^--(odin|webex)-port$/.test(flags[i - 1] ?? "") ? "0" : f));
    const child = spawn(process.execPath, [path.join(REPO, "dist/bin/trunking-sim.js"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const sim: Sim = { child, out: "" };
    return new Promise((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => {
            sim.out += d.toString();
            if (sim.out.includes("Press Ctrl-C to stop.")) {
                resolve(sim);
            }
        });
        child.stderr!.on("data", (d: Buffer) => (sim.out += d.toString()));
        child.once("exit", (code) => reject(new Error(`trunking-sim exited ${code}: ${sim.out}`)));
    });
}

/** Runs `cmds` as a user would: trunking-sim with its flags, the config commands, up twice, then destroy. */
async function runReadme(cmds: string[], example: string, projectName?: string): Promise<void> {
    const simLine = cmds.find((c) => c.startsWith("npx trunking-sim"));
    expect(simLine, "the README starts the simulator").to.be.a("string");
    const flags = simLine!.replace(/^npx trunking-sim\s*/, "").replace(/\s*&$/, "").split(/\s+/).filter(Boolean);
    const sim = await startSim(flags);
    const dir = tempDir(`example-${example}`);
    try {
        const urls: Record<string, string> = {};
        for (const [api, re] of [["odin", /export ODIN_BASE_URL=(\S+)/], ["webex", /export WEBEX_BASE_URL=(\S+)/]] as const) {
            const m = re.exec(sim.out);
            if (m) {
                const port = flags[flags.indexOf(`--${api}-port`) + 1];
                urls[`http://127.0.0.1:${port}`] = new URL(m[1]).origin;
            }
        }
        const project = projectName ?? (parseYaml(read(example, "Pulumi.yaml")).name as string);
        const config: Record<string, string> = {};
        const secretConfig: string[] = [];
        for (const s of configSets(cmds)) {
            const key = s.key.includes(":") ? s.key : `${project}:${s.key}`;
            let value = s.value;
            if (key.endsWith(":baseUrl")) {
                const origin = Object.keys(urls).find((o) => value.startsWith(o));
                expect(origin, `${s.key} ${value} is the address the README's trunking-sim listens on`).to.be.a("string");
                value = urls[origin!] + value.slice(origin!.length);
            }
            if (key.endsWith(":webexLocationId")) {
                expect(sim.out, "the location id is one trunking-sim prints").to.contain(`location Boston: ${value}`);
            }
            config[key] = value;
            if (s.secret) {
                secretConfig.push(key);
            }
        }
        const engine = new TestEngine({ programDir: path.join(REPO, "dist/examples", example), stateFile: path.join(dir, "state.json"), project, config, secretConfig });
        const first = await engine.up();
        expect(first.ok).to.equal(true);
        const second = await engine.up({ expectNoChanges: true });
        expect(Object.keys(second.changes)).to.deep.equal(["same"]);
        await engine.destroy();
    } finally {
        sim.child.kill("SIGTERM");
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("examples: each a Pulumi project of its own, run as its README says", function () {
    this.timeout(180_000);

    it("the programs are quickstart, adopt and webex-and-broadworks; the root Pulumi.yaml stays the quickstart", () => {
        expect(PROGRAMS.sort()).to.deep.equal(["adopt", "quickstart", "webex-and-broadworks"]);
        expect(parseYaml(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8"))).to.deep.include({ name: "trunking-quickstart", main: "examples/quickstart/" });
    });

    for (const example of PROGRAMS) {
        describe(example, () => {
            it("has its Pulumi.yaml, a package.json that takes pulumi-trunking from the clone as a copy, its tsconfig.json and a README", () => {
                const project = parseYaml(read(example, "Pulumi.yaml"));
                expect(project.runtime).to.deep.equal({ name: "nodejs", options: { typescript: true } });
                expect(project).to.not.have.property("main");
                const pkg = JSON.parse(read(example, "package.json"));
                expect(pkg.main).to.equal("index.ts");
                expect(pkg.dependencies).to.deep.equal({ "@pulumi/pulumi": PEER, "pulumi-trunking": "file:../.." });
                expect(pkg.devDependencies["@types/node"]).to.match(/^\^22\./);
                expect(read(example, ".npmrc")).to.match(/^install-links=true$/m);
                expect(JSON.parse(read(example, "tsconfig.json")).files).to.deep.equal(["index.ts"]);
                const cmds = commands(read(example, "README.md"));
                for (const step of ["npm install", "pulumi stack init dev", "pulumi up"]) {
                    expect(cmds, `README.md of ${example}`).to.include(step);
                }
            });

            it("its README sets every config key the program requires (secrets with --secret) and the connection", () => {
                const sets = configSets(commands(read(example, "README.md")));
                for (const { key, secret } of requiredConfig(example)) {
                    expect(sets.find((s) => s.key === key), `pulumi config set ${key}`).to.deep.include({ secret });
                }
                for (const key of ["odin:baseUrl", "odin:username", "odin:password"]) {
                    expect(sets.map((s) => s.key)).to.include(key);
                }
                expect(sets.find((s) => s.key === "odin:password")!.secret).to.equal(true);
            });

            it("up and a second up, with the README's simulator and config commands, through the test engine", async () => {
                await runReadme(commands(read(example, "README.md")), example);
            });
        });
    }

    it("the README's quick start, the same way (the root Pulumi.yaml: the quickstart)", async () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
        await runReadme(commands(section), "quickstart", "trunking-quickstart");
    });

    it("the adopt example runs in its own project: nothing tells the user to point the root Pulumi.yaml at it", () => {
        for (const f of ["README.md", "index.ts"]) {
            expect(read("adopt", f)).to.not.match(/main:|Pulumi\.yaml at the root|root Pulumi\.yaml/);
        }
        expect(fs.readFileSync(path.join(REPO, "README.md"), "utf8")).to.not.match(/main: examples\/adopt/);
    });

    it("webex-and-broadworks says how to run it: both simulators, the Webex settings and the location", () => {
        const cmds = commands(read("webex-and-broadworks", "README.md"));
        const sim = cmds.find((c) => c.startsWith("npx trunking-sim"))!;
        expect(sim).to.not.match(/--no-(odin|webex)/);
        expect(configSets(cmds).map((s) => s.key)).to.include.members(["webex:baseUrl", "webex:accessToken", "webexLocationId"]);
    });
});

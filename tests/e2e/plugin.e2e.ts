import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OdinClient } from "../../provider/odin/client";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { execFileSync } from "child_process";
import { REPO } from "./cli";
import { ReadmeShell, builtTree, readmeCommands } from "./readme";

/**
 * examples/yaml and examples/python as their READMEs say, through the real
 * pulumi CLI (scripts/pulumi-cli.sh), with the provider plugin from the
 * package folder of a built copy of the tree: the YAML program by the real
 * Pulumi YAML language host; the Python one with the Pulumi SDK from PyPI in
 * the README's venv, its SDK from Pulumi's own generator and its program run
 * by the Automation API (the Python host cannot be obtained here). Around
 * the README's commands, what a pipeline adds: a preview whose validation
 * error is caught before any request, the projected capacity report of a
 * first preview (YAML) and of a change under review (both), a second up and a refresh that change
 * nothing, a refresh that finds an out-of-band change and an up that puts it
 * back, destroy. The simulator runs in the test process in place of the
 * README's `trunking-sim` line, so its request log can be read.
 */

export async function outOfBand(sim: OdinSimulator, body: Record<string, unknown>): Promise<void> {
    const c = new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin" });
    await c.transport.request({ method: "PUT", path: "/groups/trunk-groups", body });
}

export function trunkGroupOf(sim: OdinSimulator, groupId: string, name: string): Record<string, any> | undefined {
    return (sim.state().serviceProviders[0].groups ?? []).find((g) => g.groupId === groupId)?.trunkGroups?.find((t) => t.name === name) as Record<string, any> | undefined;
}

export function groupCapacityOf(sim: OdinSimulator, groupId: string): Record<string, any> | undefined {
    return (sim.state().serviceProviders[0].groups ?? []).find((g) => g.groupId === groupId)?.trunkGroupCallCapacity as Record<string, any> | undefined;
}

/** The README's simulator line, started in this process instead: the port it asks for. */
export function simulatorLine(line: string): string | undefined {
    const m = /^node \.\.\/\.\.\/dist\/bin\/trunking-sim\.js --odin-port (\d+) --no-webex &/.exec(line);
    return m?.[1];
}

const WRITES = new Set(["POST", "PUT", "DELETE"]);

interface PluginExample {
    name: "yaml" | "python";
    /** What runs it through the real CLI. */
    how: string;
    /** The program file, and the text in it that a bad value replaces. */
    program: string;
    good: string;
    bad: string;
    /** SBC Edge's maxActiveCalls as the program writes it (15 in the example), for previews of a change. */
    sbcEdge: (calls: number) => string;
    /** Run once before the example's commands. */
    prepare?: () => void;
    rewrite?: (dir: string) => (line: string) => string | undefined;
}

/** What the Python example's README lines need from this machine's caches, found (or built) once before the test. */
const python: { wheels?: string; generator?: string } = {};

function preparePython(): void {
    // Both scripts print at once when their cache is complete (their headers give cold and warm times).
    const run = (script: string, ...args: string[]): string =>
        execFileSync("bash", [path.join(REPO, "scripts", script), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    python.wheels = run("python-wheels.sh");
    python.generator = run("python-sdk.sh", "--generator");
}

const EXAMPLES: PluginExample[] = [
    { name: "yaml", how: "the Pulumi YAML language host", program: "Pulumi.yaml", good: "maxActiveCalls: 20", bad: "maxActiveCalls: 0", sbcEdge: (n) => `maxActiveCalls: ${n}` },
    {
        name: "python",
        how: "the Python SDK (PyPI) and the Automation API in place of the Python language host",
        program: "__main__.py",
        good: "max_active_calls=20",
        bad: "max_active_calls=0",
        sbcEdge: (n) => `max_active_calls=${n}`,
        prepare: preparePython,
        // The Python language host cannot be obtained here (docs/testing.md): the SDK comes from Pulumi's
        // own Python generator (scripts/python-sdk.sh), the program runs as an Automation API inline program.
        rewrite: (dir) => (full) => {
            const line = full.replace(/\s+#.*$/, "");
            if (line === "pulumi package gen-sdk ../../schema.json --language python --out sdk") {
                return `${JSON.stringify(python.generator)} ../../schema.json sdk/python`;
            }
            if (/^(python3 -m venv venv|venv\/bin\/pip install)\b/.test(line)) {
                // The README's own pip lines, from the pinned wheels PyPI gave scripts/python-wheels.sh.
                return `export PIP_NO_INDEX=1 PIP_FIND_LINKS=${JSON.stringify(python.wheels)}; ${line}`;
            }
            const m = /^pulumi (preview|up)\b(.*)$/.exec(line);
            return m ? `${path.join(dir, "venv", "bin", "python")} ${JSON.stringify(path.join(REPO, "tests", "e2e", "inline_python.py"))} ${m[1]}${m[2]}` : undefined;
        },
    },
];

for (const example of EXAMPLES) {
    describe(`examples/${example.name} through the real pulumi CLI and ${example.how}`, function () {
        this.timeout(1_800_000);
        let shell: ReadmeShell;
        let sim: OdinSimulator;
        let dir: string;

        before(async () => {
            example.prepare?.();
            dir = path.join(await builtTree(), "examples", example.name);
            shell = new ReadmeShell(dir, undefined, example.rewrite?.(dir));
            sim = await startOdinSimulator();
        });
        after(async () => {
            shell?.close();
            await sim?.close();
        });

        it("preview (a bad value caught before any request), the README's commands, up and refresh with nothing to do, drift found and put back, destroy", async () => {
            const commands = readmeCommands(/^## Run it/i, path.join(dir, "README.md"));
            expect(commands.some((c) => simulatorLine(c)), "the README starts the simulator").to.equal(true);
            expect(commands).to.include("pulumi preview").and.include("pulumi up");
            const program = path.join(dir, example.program);
            const original = fs.readFileSync(program, "utf8");
            expect(original).to.contain(example.good);
            for (const c of commands) {
                const port = simulatorLine(c);
                if (port) {
                    shell.mapPort(port, Number(new URL(sim.url).port));
                    continue;
                }
                if (c === "pulumi preview") {
                    // The README's own words: a mistake is caught by the preview before anything is sent.
                    fs.writeFileSync(program, original.replace(example.good, example.bad));
                    sim.clearRequests();
                    const failed = await shell.run("pulumi preview").then(
                        () => undefined,
                        (e: Error) => e.message,
                    );
                    fs.writeFileSync(program, original);
                    expect(failed, `the preview of ${example.bad} fails`).to.be.a("string");
                    expect(failed).to.contain("maxActiveCalls must be from 1 to 999999, got 0");
                    expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).to.contain("maxActiveCalls must be from 1 to 999999, got 0");
                    expect(sim.requests().filter((r) => WRITES.has(r.method) && r.path !== "/auth/token"), "nothing was written").to.deep.equal([]);
                    const preview = await shell.run(c);
                    expect(preview.output).to.match(/Resources:\s+\+ 4 to create/);
                    if (example.name === "yaml") {
                        // The report projects the declarations: G2 raised to 50 and holding SBC Edge's 15 besides its 30.
                        // (Python's output-form invoke is unknown while the resources it waits for have no id: below.)
                        expect(preview.output).to.match(/projected\s*:\s*true/);
                        expect(preview.output).to.match(/trunkGroupsCallCapacityTotal\s*:\s*45/);
                    }
                    expect(sim.requests().filter((r) => WRITES.has(r.method) && r.path !== "/auth/token")).to.deep.equal([]);
                    continue;
                }
                await shell.run(c);
            }
            expect(trunkGroupOf(sim, "G1", "PBX A")).to.include({ maxActiveCalls: 20, requireAuthentication: true });
            expect(trunkGroupOf(sim, "G2", "SBC Edge")).to.include({ maxActiveCalls: 15, capacityExceededAction: "Forward" });
            const capacity = JSON.parse(shell.steps.find((s) => s.line === "pulumi stack output capacity --json")!.output);
            expect(capacity.serviceProviderId).to.equal("SP1");
            expect(capacity.projected, "up's report is the one read after the changes, not a projection").to.equal(undefined);
            const g1 = capacity.groups.find((g: any) => g.groupId === "G1");
            expect(g1.trunkGroups.map((t: any) => t.name)).to.include("PBX A");
            const g2 = capacity.groups.find((g: any) => g.groupId === "G2");
            expect(g2.trunkGroups.map((t: any) => t.name), "the report was read after both trunk groups were applied").to.include("SBC Edge");
            expect(groupCapacityOf(sim, "G2"), "G2's capacity raised").to.include({ maxActiveCalls: 50 });
            expect(g2.maxActiveCalls, "the report was read after G2's capacity was raised").to.equal(50);

            const exported = (await shell.run("pulumi stack export")).output;
            expect(exported).not.to.contain("S3cret-Sip-Pass");
            const state = JSON.parse(exported).deployment.resources;
            expect(state.filter((r: any) => r.type === "trunking:index:TrunkGroup")).to.have.length(2);

            const again = await shell.run("pulumi up --expect-no-changes");
            expect(again.output).to.match(/Resources:\s+4 unchanged/);
            await shell.run("pulumi refresh --expect-no-changes");

            // A change under review: its preview's report is projected (SBC Edge 15 -> 20 takes G2 from 45 to 50
            // of its 50 calls), with what G2 has now as before.
            expect(original.split(example.sbcEdge(15))).to.have.length(2);
            const previewWith = async (calls: number): Promise<{ output?: string; error?: string }> => {
                fs.writeFileSync(program, original.replace(example.sbcEdge(15), example.sbcEdge(calls)));
                sim.clearRequests();
                try {
                    return { output: (await shell.run("pulumi preview")).output };
                } catch (e) {
                    return { error: (e as Error).message };
                } finally {
                    fs.writeFileSync(program, original);
                    expect(sim.requests().filter((r) => WRITES.has(r.method) && r.path !== "/auth/token"), "a preview writes nothing").to.deep.equal([]);
                }
            };
            const review = (await previewWith(20)).output!;
            expect(review).to.match(/~ 1 to update/);
            expect(review, "the report is projected").to.match(/projected\s*:\s*true/);
            // The engine diffs the projected report against the last one: the change's effect on capacity, line by line.
            expect(review, "SBC Edge's line").to.match(/~ maxActiveCalls\s*:\s*15 => 20\s+name\s*:\s*"SBC Edge"/);
            expect(review, "G2's allocation").to.match(/~ trunkGroupsCallCapacityTotal\s*:\s*45 => 50/);
            expect(review, "G2's allocation now, as before").to.match(/before\s*:\s*\{[\s\S]*?trunkGroupsCallCapacityTotal\s*:\s*45\b/);
            const unchanged = await shell.run("pulumi preview");
            expect(unchanged.output, "with nothing to change, the report is as read").not.to.match(/projected\s*:\s*true/);

            // Under deny, a change that would oversubscribe G2 (SBC Edge 25: 55 calls of 50) fails its preview, naming G2.
            await shell.run("pulumi config set trunking:odinOversubscription deny");
            const denied = await previewWith(25).finally(() => shell.run("pulumi config rm trunking:odinOversubscription"));
            expect(denied.error, "the preview fails").to.be.a("string");
            expect(denied.error).to.contain("after this change one part of service provider SP1 would be oversubscribed. Nothing was changed.");
            expect(denied.error).to.match(/group G2 \(Group Two\) will be oversubscribed: its trunk groups take 55 calls against a capacity of 50/);

            await outOfBand(sim, { serviceProviderId: "SP1", groupId: "G2", name: "SBC Edge", maxActiveCalls: 9 });
            const drift = await shell.run("pulumi refresh");
            expect(drift.output).to.match(/~ 1 updated/);
            const afterRefresh = JSON.parse((await shell.run("pulumi stack export")).output).deployment.resources.find((r: any) => r.outputs?.name === "SBC Edge");
            expect(afterRefresh.outputs.maxActiveCalls).to.equal(9);
            const back = await shell.run("pulumi up");
            expect(back.output).to.match(/~ 1 updated/);
            expect(trunkGroupOf(sim, "G2", "SBC Edge")!.maxActiveCalls).to.equal(15);

            const destroyed = await shell.run("pulumi destroy");
            expect(destroyed.output, "destroy says it leaves the capacity").to.match(/its settings are left as they are \(maxActiveCalls\)/);
            expect(groupCapacityOf(sim, "G2"), "destroy leaves G2's capacity as it is").to.include({ maxActiveCalls: 50 });
            expect(trunkGroupOf(sim, "G1", "PBX A")).to.equal(undefined);
            expect(trunkGroupOf(sim, "G2", "SBC Edge")).to.equal(undefined);
            if (process.env.TRUNKING_E2E_TIMES) {
                console.log(shell.steps.map((s) => `${String(s.ms ?? "").padStart(7)} ms  ${s.line}`).join("\n"));
            }
            const transcript = shell.steps.map((s) => s.output).join("\n");
            expect(transcript).not.to.contain("S3cret-Sip-Pass");
            if (example.name === "python") {
                // The generated SDK holds no value of any secret (it is made from the schema alone).
                const sdk = filesUnder(path.join(dir, "sdk", "python"));
                expect(sdk.some((f) => f.endsWith(path.join("pulumi_trunking", "trunk_group.py"))), "the SDK was generated").to.equal(true);
                for (const f of sdk) {
                    const text = fs.readFileSync(f, "utf8");
                    for (const secret of ["S3cret-Sip-Pass", "trunking:odinPassword admin"]) {
                        expect(text.includes(secret), `${f} holds a secret`).to.equal(false);
                    }
                }
            }
        });
    });
}

function filesUnder(d: string): string[] {
    return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(d, e.name)) : [path.join(d, e.name)]));
}

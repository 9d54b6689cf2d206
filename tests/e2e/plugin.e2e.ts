import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OdinClient } from "../../provider/odin/client";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { ReadmeShell, builtTree, readmeCommands } from "./readme";

/**
 * examples/yaml as its README says, through the real pulumi CLI and the real
 * Pulumi YAML language host (scripts/pulumi-cli.sh builds both), with the
 * provider plugin from the package folder of a built copy of the tree. Around
 * the README's commands, what a pipeline adds: a preview whose validation
 * error is caught before any request, a second up and a refresh that change
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

/** The README's simulator line, started in this process instead: the port it asks for. */
export function simulatorLine(line: string): string | undefined {
    const m = /^node \.\.\/\.\.\/dist\/bin\/trunking-sim\.js --odin-port (\d+) --no-webex &/.exec(line);
    return m?.[1];
}

const WRITES = new Set(["POST", "PUT", "DELETE"]);

describe("examples/yaml through the real pulumi CLI and the Pulumi YAML language host", function () {
    this.timeout(1_800_000);
    let shell: ReadmeShell;
    let sim: OdinSimulator;
    let dir: string;

    before(async () => {
        dir = path.join(await builtTree(), "examples", "yaml");
        shell = new ReadmeShell(dir, undefined);
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
        const program = path.join(dir, "Pulumi.yaml");
        const original = fs.readFileSync(program, "utf8");
        for (const c of commands) {
            const port = simulatorLine(c);
            if (port) {
                shell.mapPort(port, Number(new URL(sim.url).port));
                continue;
            }
            if (c === "pulumi preview") {
                // The README's own words: a mistake is caught by the preview before anything is sent.
                fs.writeFileSync(program, original.replace("maxActiveCalls: 20", "maxActiveCalls: 0"));
                sim.clearRequests();
                const failed = await shell.run("pulumi preview").then(
                    () => undefined,
                    (e: Error) => e.message,
                );
                fs.writeFileSync(program, original);
                expect(failed, "the preview of maxActiveCalls: 0 fails").to.be.a("string");
                expect(failed).to.contain("maxActiveCalls must be from 1 to 999999, got 0");
                expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).to.contain("maxActiveCalls must be from 1 to 999999, got 0");
                expect(sim.requests(), "nothing reached the API").to.deep.equal([]);
                const preview = await shell.run(c);
                expect(preview.output).to.match(/Resources:\s+\+ 3 to create/);
                expect(sim.requests().filter((r) => WRITES.has(r.method) && r.path !== "/auth/token")).to.deep.equal([]);
                continue;
            }
            await shell.run(c);
        }
        expect(trunkGroupOf(sim, "G1", "PBX A")).to.include({ maxActiveCalls: 20, requireAuthentication: true });
        expect(trunkGroupOf(sim, "G2", "SBC Edge")).to.include({ maxActiveCalls: 15, capacityExceededAction: "Forward" });
        const capacity = JSON.parse(shell.steps.find((s) => s.line === "pulumi stack output capacity --json")!.output);
        expect(capacity.serviceProviderId).to.equal("SP1");
        const g1 = capacity.groups.find((g: any) => g.groupId === "G1");
        expect(g1.trunkGroups.map((t: any) => t.name)).to.include("PBX A");
        const g2 = capacity.groups.find((g: any) => g.groupId === "G2");
        expect(g2.trunkGroups.map((t: any) => t.name), "the report was read after both trunk groups were applied").to.include("SBC Edge");

        const exported = (await shell.run("pulumi stack export")).output;
        expect(exported).not.to.contain("S3cret-Sip-Pass");
        const state = JSON.parse(exported).deployment.resources;
        expect(state.filter((r: any) => r.type === "trunking:index:TrunkGroup")).to.have.length(2);

        const again = await shell.run("pulumi up --expect-no-changes");
        expect(again.output).to.match(/Resources:\s+3 unchanged/);
        await shell.run("pulumi refresh --expect-no-changes");

        await outOfBand(sim, { serviceProviderId: "SP1", groupId: "G2", name: "SBC Edge", maxActiveCalls: 9 });
        const drift = await shell.run("pulumi refresh");
        expect(drift.output).to.match(/~ 1 updated/);
        const afterRefresh = JSON.parse((await shell.run("pulumi stack export")).output).deployment.resources.find((r: any) => r.outputs?.name === "SBC Edge");
        expect(afterRefresh.outputs.maxActiveCalls).to.equal(9);
        const back = await shell.run("pulumi up");
        expect(back.output).to.match(/~ 1 updated/);
        expect(trunkGroupOf(sim, "G2", "SBC Edge")!.maxActiveCalls).to.equal(15);

        await shell.run("pulumi destroy");
        expect(trunkGroupOf(sim, "G1", "PBX A")).to.equal(undefined);
        expect(trunkGroupOf(sim, "G2", "SBC Edge")).to.equal(undefined);
        const transcript = shell.steps.map((s) => s.output).join("\n");
        expect(transcript).not.to.contain("S3cret-Sip-Pass");
    });
});

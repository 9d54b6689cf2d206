import { expect } from "chai";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import { OdinClient } from "../../provider/odin/client";
import { FaultRule, OdinSimulator, sampleSeed, startOdinSimulator } from "../../provider/simulator";
import { OdinStack, tempDir, trunkGroup } from "../engine/fixtures";
import { requestsOf } from "../engine/hooks";
import { startFaultProxy } from "../faults/proxy";

/**
 * Reliability under faults, one operation at a time, through the test engine.
 * The many-lifecycle run behind the independent fault proxy is
 * tests/faults/lifecycles.test.ts; the crash matrix is tests/crash/.
 */
describe("reliability under faults", function () {
    this.timeout(180_000);

    describe("single operations through the test engine", () => {
        let dir: string;
        let n = 0;
        before(() => {
            dir = tempDir("faults");
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        /** A simulator with the sample data (and these faults) and a stack of the engine's `stack` program on it. */
        async function faultyStack(faults: FaultRule[], config: Record<string, string> = {}): Promise<{ sim: OdinSimulator; stack: OdinStack }> {
            const sim = await startOdinSimulator({ seed: sampleSeed(), faults });
            const stack = new OdinStack(sim, path.join(dir, `s${++n}`), { config: { "odin:username": "admin", "odin:password": "admin", ...config } });
            return { sim, stack };
        }
        const g2 = (sim: OdinSimulator, name: string) => ((sim.state().serviceProviders[0].groups ?? [])[1].trunkGroups ?? []).filter((t) => t.name === name);

        it("a POST whose response is lost after it was applied creates no duplicate and does not fail a later up", async () => {
            const { sim, stack } = await faultyStack([{ kind: "dropAfterApply", method: "POST", path: "/groups/trunk-groups", count: 1 }]);
            try {
                stack.setResources([trunkGroup("lost", { groupId: "G2", name: "Lost Answer", maxActiveCalls: 3 })]);
                await stack.engine.up();
                expect(stack.engine.resource("lost")!.id).to.equal("SP1/G2/Lost%20Answer");
                expect(g2(sim, "Lost Answer")).to.have.length(1);
                expect((await stack.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });
            } finally {
                await sim.close();
            }
        });

        it("a create whose fate cannot be established is kept in state by id with its init error, and the next up finishes it", async () => {
            const sim = await startOdinSimulator({ seed: sampleSeed() });
            // The lookup before the POST gets through; the POST never arrives; the lookup of its fate fails twice.
            const proxy = await startFaultProxy({ upstream: sim.url });
            proxy.inject({ kind: "reset-before", method: "POST", path: "/groups/trunk-groups" });
            proxy.inject({ kind: "503", method: "GET", path: "/groups/trunk-groups", after: 1, count: 2 });
            const stack = new OdinStack(sim, path.join(dir, `s${++n}`), {
                config: { "odin:baseUrl": proxy.url, "odin:username": "admin", "odin:password": "admin", "odin:maxRetries": "1" },
            });
            try {
                stack.setResources([trunkGroup("unsure", { groupId: "G2", name: "Unsure", maxActiveCalls: 2 })]);
                const failed = await stack.engine.up({ expectFailure: true });
                expect(failed.errors.join("\n")).to.contain('Trunk group "Unsure" may have been created');
                const kept = stack.engine.resource("unsure")!;
                expect(kept.id).to.equal("SP1/G2/Unsure");
                expect(kept.initErrors).to.have.length(1);
                expect(kept.outputs.createUnconfirmed).to.equal(true);
                expect(kept.outputs.__provider).to.equal(kept.inputs.__provider);
                // The API recovers (the injected faults are spent); the next up updates the half-made resource, which creates it.
                const s = await stack.engine.up();
                expect(requestsOf(s.requests, "update").map((r) => r.urn)).to.deep.equal([kept.urn]);
                expect(stack.engine.resource("unsure")!.outputs).to.include({ name: "Unsure", maxActiveCalls: 2 }).and.not.have.property("createUnconfirmed");
                expect(stack.engine.resource("unsure")!.initErrors).to.equal(undefined);
                expect(g2(sim, "Unsure")).to.have.length(1);
            } finally {
                await proxy.close();
                await sim.close();
            }
        });

        it("a request that hangs is cut by the timeout and reported clearly; the refresh does not hang", async () => {
            const { sim, stack } = await faultyStack([], { "odin:timeoutMs": "400", "odin:maxRetries": "1" });
            try {
                stack.setResources([trunkGroup("hung", { groupId: "G2", name: "Hung" })]);
                await stack.engine.up();
                sim.setFaults([{ kind: "hang", method: "GET", path: "/groups/trunk-groups" }]);
                const started = Date.now();
                const r = await stack.engine.refresh({ expectFailure: true });
                expect(Date.now() - started).to.be.below(20_000);
                const message = r.errors.join("\n");
                expect(message).to.contain("Odin API GET /api/v2/groups/trunk-groups failed: no response (ECONNABORTED: timeout of 400ms exceeded) (after 2 attempts)");
                expect(message).to.contain("check that");
                expect(stack.engine.resource("hung")!.outputs.maxActiveCalls).to.equal(5); // the state is as it was
            } finally {
                await sim.close();
            }
        });

        it("when retries are exhausted the error says what failed, how often it was tried, and what to do", async () => {
            const { sim, stack } = await faultyStack([{ kind: "status", status: 503, method: "PUT", path: "/groups/trunk-groups" }], { "odin:maxRetries": "2" });
            try {
                stack.setResources([trunkGroup("busy", { groupId: "G2", name: "Busy" })]);
                await stack.engine.up();
                stack.setResources([trunkGroup("busy", { groupId: "G2", name: "Busy", maxActiveCalls: 20 })]);
                const s = await stack.engine.up({ expectFailure: true });
                const message = s.errors.join("\n");
                expect(message).to.contain("Odin API PUT /api/v2/groups/trunk-groups failed: HTTP 503");
                expect(message).to.contain("(after 3 attempts)");
                expect(message).to.contain("wait and run again, or lower the parallelism (pulumi up --parallel 2)");
                expect(stack.engine.resource("busy")!.outputs.maxActiveCalls).to.equal(5); // nothing recorded that did not happen
                expect(g2(sim, "Busy")[0]).to.include({ maxActiveCalls: 5 });
            } finally {
                await sim.close();
            }
        });
    });

    describe("TLS", () => {
        let server: https.Server;
        let url: string;
        before(async () => {
            const dir = path.resolve(__dirname, "..", "..", "..", "tests", "fixtures");
            server = https.createServer({ key: fs.readFileSync(path.join(dir, "lab-tls.key")), cert: fs.readFileSync(path.join(dir, "lab-tls.crt")) }, (req, res) => {
                res.setHeader("Content-Type", "application/json");
                res.end(req.url?.includes("/auth/token") ? JSON.stringify({ token: "lab.token.x" }) : "[]");
            });
            await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
            url = `https://127.0.0.1:${(server.address() as { port: number }).port}/api/v2`;
        });
        after(() => server.close());

        it("verifies certificates by default: a lab system's self-signed certificate is refused", async () => {
            const c = new OdinClient({ baseUrl: url, username: "admin", password: "admin", retry: { maxRetries: 0 } });
            const err = (await c.listGroups("SP1").catch((e: Error) => e)) as Error;
            expect(err.message).to.match(/self[- ]signed certificate/);
        });

        it("odin:insecureSkipTlsVerify is an explicit setting that works and warns", async () => {
            const warnings: string[] = [];
            const c = new OdinClient({ baseUrl: url, username: "admin", password: "admin", insecureSkipTlsVerify: true, log: (level, m) => level === "warn" && warnings.push(m) });
            expect(await c.listGroups("SP1")).to.deep.equal([]);
            expect(warnings.join()).to.contain("TLS certificate verification is OFF for Odin at 127.0.0.1");
        });
    });
});

import { expect } from "chai";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import { OdinClient } from "../../provider/odin/client";
import { providerStub } from "../../provider/kit/stub";
import { sampleSeed, startOdinSimulator } from "../../provider/simulator";
import { startFaultProxy } from "../faults/proxy";
import { serializeProvider, startProviderHost, urnOf, withProvider } from "../helpers/providerHost";

const URN = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", "t");
const config = (url: string, extra: Record<string, string> = {}) => ({ "odin:baseUrl": url, "odin:username": "admin", "odin:password": "admin", ...extra });

describe("reliability under faults, through the real provider host", function () {
    this.timeout(120_000);

    // The fault run itself (lifecycles under random faults) is tests/faults/lifecycles.test.ts, behind the independent fault proxy.

    it("a POST whose response is lost after it was applied creates no duplicate and does not fail a later up", async () => {
        const sim = await startOdinSimulator({ faults: [{ kind: "dropAfterApply", method: "POST", path: "/groups/trunk-groups", count: 1 }] });
        const host = await startProviderHost();
        try {
            const text = await serializeProvider(providerStub("odin:TrunkGroup"));
            await host.configure(config(sim.url));
            const news = withProvider(text, { serviceProviderId: "SP1", groupId: "G2", name: "Lost Answer", maxActiveCalls: 3 });
            const c = await host.check(URN, {}, news);
            const created = await host.create(URN, c.inputs);
            expect(created.id).to.equal("SP1/G2/Lost%20Answer");
            const trunks = (sim.state().serviceProviders[0].groups ?? [])[1].trunkGroups!.filter((t) => t.name === "Lost Answer");
            expect(trunks).to.have.length(1);
            // The next `up`: same program, no change, no error.
            const again = await host.check(URN, c.inputs, news);
            expect((await host.diff(URN, created.id, created.properties, again.inputs)).changes).to.equal("none");
        } finally {
            await host.close();
            await sim.close();
        }
    });

    it("a create whose fate cannot be established is kept in state by id, and the next up finishes it", async () => {
        const sim = await startOdinSimulator();
        // The POST never arrives, and the lookup of its fate fails twice (the lookup before the POST gets through).
        const proxy = await startFaultProxy({ upstream: sim.url });
        proxy.inject({ kind: "reset-before", method: "POST", path: "/groups/trunk-groups" });
        proxy.inject({ kind: "503", method: "GET", path: "/groups/trunk-groups", after: 1, count: 2 });
        const host = await startProviderHost();
        try {
            const text = await serializeProvider(providerStub("odin:TrunkGroup"));
            await host.configure(config(proxy.url, { "odin:maxRetries": "1" }));
            const news = withProvider(text, { serviceProviderId: "SP1", groupId: "G2", name: "Unsure", maxActiveCalls: 2 });
            const c = await host.check(URN, {}, news);
            const err = (await host.create(URN, c.inputs).catch((e) => e)) as import("../helpers/providerHost").HostError;
            expect(err.message).to.contain('Trunk group "Unsure" may have been created');
            expect(err.initFailure?.id).to.equal("SP1/G2/Unsure");
            expect(err.initFailure?.properties.__provider).to.equal(text);
            expect(err.initFailure?.properties.createUnconfirmed).to.equal(true);
            // The API recovers; the engine's next `up` updates the half-made resource.
            const r = await host.update(URN, err.initFailure!.id, err.initFailure!.properties, c.inputs);
            expect(r.properties).to.include({ name: "Unsure", maxActiveCalls: 2 });
            expect(r.properties).not.to.have.property("createUnconfirmed");
            expect((sim.state().serviceProviders[0].groups ?? [])[1].trunkGroups!.filter((t) => t.name === "Unsure")).to.have.length(1);
        } finally {
            await host.close();
            await proxy.close();
            await sim.close();
        }
    });

    it("a request that hangs is cut by the timeout and reported clearly; the run does not hang", async () => {
        const sim = await startOdinSimulator({ faults: [{ kind: "hang", method: "GET", path: "/groups/trunk-groups" }] });
        const host = await startProviderHost();
        try {
            const text = await serializeProvider(providerStub("odin:TrunkGroup"));
            await host.configure(config(sim.url, { "odin:timeoutMs": "400", "odin:maxRetries": "1" }));
            const started = Date.now();
            const err = (await host.read(URN, "SP1/G1/G1-TG1", withProvider(text, {})).catch((e: Error) => e)) as Error;
            expect(Date.now() - started).to.be.below(10_000);
            expect(err.message).to.contain("Odin API GET /api/v2/groups/trunk-groups failed: no response (ECONNABORTED: timeout of 400ms exceeded) (after 2 attempts)");
            expect(err.message).to.contain("check that");
        } finally {
            await host.close();
            await sim.close();
        }
    });

    it("when retries are exhausted the error says what failed, how often it was tried, and what to do", async () => {
        const seed = sampleSeed();
        const sim = await startOdinSimulator({ seed, faults: [{ kind: "status", status: 503, method: "PUT", path: "/groups/trunk-groups" }] });
        const host = await startProviderHost();
        try {
            const text = await serializeProvider(providerStub("odin:TrunkGroup"));
            await host.configure(config(sim.url, { "odin:maxRetries": "2" }));
            const read = await host.read(URN, "SP1/G2/G2-TG1", withProvider(text, {}));
            const news = (await host.check(URN, read.inputs!, withProvider(text, { ...read.inputs, maxActiveCalls: 20 }))).inputs;
            const err = (await host.update(URN, read.id, read.properties, news).catch((e: Error) => e)) as Error;
            expect(err.message).to.contain("Odin API PUT /api/v2/groups/trunk-groups failed: HTTP 503");
            expect(err.message).to.contain("(after 3 attempts)");
            expect(err.message).to.contain("wait and run again, or lower the parallelism (pulumi up --parallel 2)");
        } finally {
            await host.close();
            await sim.close();
        }
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

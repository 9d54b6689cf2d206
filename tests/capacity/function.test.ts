import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as sinon from "sinon";
import { getTrunkingCapacity } from "../../provider/capacity/function";
import { CapacitySim, LOGIN, startCapacitySim } from "./capacitySim";

/**
 * getTrunkingCapacity building its own client from stack config and the
 * environment, as in a Pulumi program: the concurrency setting, the logging
 * and the config checks a user relies on.
 */
describe("getTrunkingCapacity settings in a program", function () {
    this.timeout(20_000);
    let server: CapacitySim;
    let saved: NodeJS.ProcessEnv;
    let log: { warn: sinon.SinonStub; info: sinon.SinonStub };
    const ENV_KEYS = ["ODIN_BASE_URL", "ODIN_USERNAME", "ODIN_PASSWORD", "ODIN_CONCURRENCY", "ODIN_MAX_CONCURRENCY", "ODIN_MAX_IN_FLIGHT", "ODIN_INSECURE_SKIP_TLS_VERIFY", "TRUNKING_DEBUG"];

    beforeEach(async () => {
        server = await startCapacitySim({
            serviceProviderId: "SP",
            isEnterprise: false,
            capacity: { maxActiveCalls: 1000, burstingMaxActiveCalls: 0 },
            report: "absent",
            latencyMs: 15,
            groups: Array.from({ length: 30 }, (_, i) => ({
                groupId: `G${i}`,
                groupName: `G${i}`,
                capacity: { maxActiveCalls: 10, burstingMaxActiveCalls: 0 },
                trunkGroups: [1, 2, 3].map((t) => ({ name: `T${t}`, maxActiveCalls: 1 })),
            })),
        });
        saved = { ...process.env };
        ENV_KEYS.forEach((k) => delete process.env[k]);
        pulumi.runtime.setAllConfig({ "odin:baseUrl": server.url, "odin:username": LOGIN.username, "odin:password": LOGIN.password });
        log = { warn: sinon.stub(pulumi.log, "warn").resolves(), info: sinon.stub(pulumi.log, "info").resolves() };
    });
    afterEach(async () => {
        sinon.restore();
        pulumi.runtime.setAllConfig({});
        process.env = saved;
        await server.close();
    });
    const lines = (s: sinon.SinonStub) => s.getCalls().map((c) => String(c.args[0]));

    it("honours odin:concurrency; adaptive by default, rising above its polite start of 5", async () => {
        await getTrunkingCapacity({ serviceProviderId: "SP" });
        // Before: adaptive was mapped onto a fixed 5.
        expect(server.maxInFlight(), "default").to.be.above(5).and.at.most(32);

        pulumi.runtime.setConfig("odin:concurrency", "16");
        server.resetPeak();
        await getTrunkingCapacity({ serviceProviderId: "SP" });
        expect(server.maxInFlight(), "odin:concurrency 16").to.equal(16);
    });

    for (const [label, env, expected] of [
        ["ODIN_CONCURRENCY 12", { ODIN_CONCURRENCY: "12" }, 12],
        // Before: an absent `concurrency` argument overrode this with undefined, giving 5.
        ["ODIN_MAX_IN_FLIGHT 16", { ODIN_MAX_IN_FLIGHT: "16" }, 16],
        ["ODIN_MAX_CONCURRENCY 3 (adaptive ceiling)", { ODIN_MAX_CONCURRENCY: "3" }, 3],
    ] as const) {
        it(`honours ${label}`, async () => {
            Object.assign(process.env, env);
            await getTrunkingCapacity({ serviceProviderId: "SP" });
            expect(server.maxInFlight()).to.equal(expected);
        });
    }

    it("a concurrency in the connection option is honoured, below the concurrency argument", async () => {
        await getTrunkingCapacity({ serviceProviderId: "SP" }, { connection: { maxInFlight: 7 } });
        expect(server.maxInFlight(), "connection.maxInFlight").to.equal(7);
        server.resetPeak();
        await getTrunkingCapacity({ serviceProviderId: "SP" }, { connection: { concurrency: { mode: "fixed", value: 6 } } });
        expect(server.maxInFlight(), "connection.concurrency").to.equal(6);
        server.resetPeak();
        await getTrunkingCapacity({ serviceProviderId: "SP", concurrency: 3 }, { connection: { maxInFlight: 7 } });
        expect(server.maxInFlight(), "argument over connection").to.equal(3);
    });

    it("the concurrency argument wins over stack config", async () => {
        pulumi.runtime.setConfig("odin:concurrency", "16");
        await getTrunkingCapacity({ serviceProviderId: "SP", concurrency: 4 });
        expect(server.maxInFlight()).to.equal(4);
    });

    it("warns about deprecated and unknown odin:* keys, with the nearest valid name", async () => {
        pulumi.runtime.setConfig("odin:maxInFlight", "6");
        pulumi.runtime.setConfig("odin:timeoutMS", "5000");
        await getTrunkingCapacity({ serviceProviderId: "SP" });
        expect(server.maxInFlight()).to.equal(6);
        expect(lines(log.warn)).to.have.length(2);
        expect(lines(log.warn)[0]).to.match(/^getTrunkingCapacity: unknown stack config key odin:timeoutMS; did you mean odin:timeoutMs\?/);
        expect(lines(log.warn)[1]).to.equal(
            "getTrunkingCapacity: odin:maxInFlight is deprecated: set odin:concurrency (or ODIN_CONCURRENCY) to 6 for the same fixed number of requests in flight",
        );
    });

    it("knows every setting: odin:adoptExisting, which the providers read, is no unknown key here either", async () => {
        pulumi.runtime.setConfig("odin:adoptExisting", "true");
        pulumi.runtime.setConfig("webex:adoptExisting", "apply");
        await getTrunkingCapacity({ serviceProviderId: "SP" });
        expect(lines(log.warn)).to.deep.equal([]);
    });

    it("logs each request with TRUNKING_DEBUG=1, scrubbed, and nothing without it", async () => {
        await getTrunkingCapacity({ serviceProviderId: "SP", groupIds: ["G1"] });
        expect(log.info.called).to.equal(false);
        process.env.TRUNKING_DEBUG = "1";
        await getTrunkingCapacity({ serviceProviderId: "SP", groupIds: ["G1"] });
        const debug = lines(log.info);
        expect(debug.some((l) => /^getTrunkingCapacity: GET \/api\/v2\/groups -> 200 \(\d+ ms, attempt 1\)$/.test(l))).to.equal(true);
        expect(debug.some((l) => /POST \/api\/v2\/auth\/token -> 200/.test(l))).to.equal(true);
        expect(debug.join("\n")).not.to.contain(LOGIN.password);
        // The simulator's tokens are JWTs: header.payload.signature.
        expect(debug.join("\n")).not.to.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    });

    it("warns when TLS verification is switched off", async () => {
        process.env.ODIN_INSECURE_SKIP_TLS_VERIFY = "true";
        await getTrunkingCapacity({ serviceProviderId: "SP", groupIds: ["G1"] });
        expect(lines(log.warn)).to.deep.equal([
            `getTrunkingCapacity: TLS certificate verification is OFF for Odin at ${new URL(server.url).host}; use this only for a lab system.`,
        ]);
    });

    it("names unknown options as it names unknown arguments", async () => {
        const err = (await getTrunkingCapacity({ serviceProviderId: "SP" }, { useReportEndpoints: false } as never).catch((e: Error) => e)) as Error;
        expect(err.message).to.match(/^getTrunkingCapacity: unknown option "useReportEndpoints"; did you mean useReportEndpoint\?/);
        expect(server.sim.requests()).to.deep.equal([]);
    });
});

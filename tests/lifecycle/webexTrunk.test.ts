import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator, WebexSimulator, WebexSimulatorOptions } from "../../provider/simulator";
import { startWebexSimulator } from "../../provider/simulator";
import { WebexClient } from "../../provider/webex/client";
import { OdinStack, ResourceSpec, WEBEX_LOCATIONS, WEBEX_TYPE, printedErrors, startOdin, tempDir, webexTrunk } from "../engine/fixtures";
import { cleanEnv } from "../engine/hostProcess";
import { requestsOf } from "../engine/hooks";
import { isSecret } from "../engine/values";

/**
 * WebexTrunk as `pulumi preview/up/refresh/destroy` run it, through the test
 * engine (tests/engine) and the real dynamic-provider host, against the Webex
 * simulator with its realistic defaults. Every test has a stack of its own
 * (trunk names differ per test); the first two read one shared stack that
 * `before` applies once.
 */
describe("WebexTrunk through the test engine", function () {
    this.timeout(180_000);
    const TOKEN = "wx-LIFECYCLE-token-3b7e9d41";
    const PASSWORD = "Lgw-Program-Sip-1";
    const SBC_PASSWORD = "Sbc-Program-Sip-1";
    let odin: OdinSimulator;
    let webex: WebexSimulator;
    let dir: string;
    let n = 0;

    const webexConfig = (url: string) => ({ "webex:baseUrl": url, "webex:accessToken": TOKEN, "trunking-test:pw": PASSWORD });
    /** A stack of its own; `maxRetries 0` so one injected fault is one failed request. */
    const newStack = (opts: { config?: Record<string, string>; sim?: WebexSimulator; hostEnv?: NodeJS.ProcessEnv } = {}) =>
        new OdinStack(odin, `${dir}/s${++n}`, {
            config: { ...webexConfig((opts.sim ?? webex).url), "webex:maxRetries": "0", ...(opts.config ?? {}) },
            secretConfig: ["webex:accessToken", "trunking-test:pw", "trunking-test:sbc"],
            ...(opts.hostEnv ? { hostEnv: opts.hostEnv } : {}),
        });
    /** A certificate-based trunk; its address (unique in the org) comes from `key`, so a rename keeps it. */
    const sbc = (key: string, args: Record<string, unknown> = {}, extra: Partial<ResourceSpec> = {}) =>
        webexTrunk(
            "sbc",
            {
                name: key,
                locationId: WEBEX_LOCATIONS[1].id,
                trunkType: "CERTIFICATE_BASED",
                deviceType: "Ribbon Session Border Controller",
                address: `${key.toLowerCase().replace(/\W+/g, "-")}.example.com`,
                domain: "example.com",
                port: 5061,
                maxConcurrentCalls: 400,
                ...args,
            },
            { secrets: { password: "sbc" }, ...extra },
        );
    const trunk = (name: string, sim: WebexSimulator = webex) => sim.state().trunks!.find((t) => t.name === name) as Record<string, any> | undefined;
    const client = (sim: WebexSimulator = webex) => new WebexClient({ baseUrl: sim.url, accessToken: TOKEN });
    const writes = (sim: WebexSimulator = webex) => sim.requests().filter((r) => r.method !== "GET");
    const startSim = (opts: WebexSimulatorOptions = {}) => startWebexSimulator({ tokens: [TOKEN], ...opts });

    before(async () => {
        odin = await startOdin();
        webex = await startSim();
        dir = tempDir("webex-lifecycle");
    });
    after(async () => {
        await odin?.close();
        await webex?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("a program of two trunks, applied once", () => {
        let stack: OdinStack;
        let first: Awaited<ReturnType<OdinStack["engine"]["up"]>>;

        before(async () => {
            stack = newStack({ config: { "trunking-test:sbc": SBC_PASSWORD } });
            stack.setResources([
                // A plain string (cfg.require): WebexTrunk makes it a secret anyway.
                webexTrunk("lgw", { name: "Program LGW" }, { secrets: {}, plain: { password: "pw" }, export: ["trunkId", "otgDtgId", "password"] }),
                sbc("Program SBC", {}, { export: ["trunkId", "linePort"] }),
            ]);
            webex.clearRequests();
            first = await stack.engine.up();
        });

        it("up: one POST per trunk, read back with GET; the id is Webex's trunk id; outputs carry what Webex reports", () => {
            expect(first.changes).to.deep.equal({ create: 3 }); // the stack and two trunks
            expect(writes().map((r) => r.method)).to.deep.equal(["POST", "POST"]);
            const lgw = stack.engine.resource("lgw")!;
            expect(lgw.id).to.equal(first.outputs["lgw.trunkId"]).and.to.equal(trunk("Program LGW")!.id);
            expect(trunk("Program LGW")).to.include({ password: PASSWORD, locationId: WEBEX_LOCATIONS[0].id });
            expect(trunk("Program SBC")).to.include({ password: SBC_PASSWORD, maxConcurrentCalls: 400, address: "program-sbc.example.com" });
            expect(first.outputs["lgw.otgDtgId"]).to.be.a("string").and.not.equal("");
            expect(first.outputs["sbc.linePort"]).to.be.a("string").and.not.equal("");
            expect(lgw.outputs).to.include({ trunkId: lgw.id, name: "Program LGW", trunkType: "REGISTERING", pChargeInfoSupportPolicy: "DISABLED" });
            expect(lgw.outputs.location).to.deep.equal(WEBEX_LOCATIONS[0]);
        });

        it("the password, given as a plain string, is a secret input, output and stack output, and no credential is in the checkpoint", () => {
            const lgw = stack.engine.resource("lgw")!;
            expect(lgw.secretInputs).to.include("password");
            expect(lgw.secretOutputs).to.include("password");
            expect(first.secretOutputs).to.deep.equal(["lgw.password"]);
            expect(first.outputs["lgw.password"]).to.equal(PASSWORD);
            const text = stack.engine.stateText();
            for (const secret of [PASSWORD, SBC_PASSWORD, TOKEN]) {
                expect(text).not.to.contain(secret);
            }
            // The provider text in state loads the stable entry and captures nothing of the connection.
            const provider = String(lgw.inputs.__provider);
            expect(provider).to.contain('require("pulumi-trunking/dynamic")');
            for (const banned of [TOKEN, webex.url, "axios", "Bearer"]) {
                expect(provider, banned).not.to.contain(banned);
            }
        });

        it("a second up of the same program changes nothing and writes nothing, although Webex filled in defaults", async () => {
            webex.clearRequests();
            const s = await stack.engine.up({ expectNoChanges: true });
            expect(s.changes).to.deep.equal({ same: 3 });
            expect(requestsOf(s.requests, "diff").map((d) => d.response!.changes)).to.deep.equal([1, 1]); // DIFF_NONE
            expect(writes()).to.deep.equal([]);
        });
    });

    it("check refuses invalid inputs in a preview, naming each field and what is allowed, with no API call and no password in the message", async () => {
        const stack = newStack({ config: { "trunking-test:pw": "bad!pass" } });
        stack.setResources([webexTrunk("bad", { name: "x".repeat(30), trunkType: "registering", maxConcurentCalls: 3 })]);
        webex.clearRequests();
        const s = await stack.engine.preview({ expectFailure: true });
        const text = printedErrors(s);
        expect(text).to.match(/maxConcurentCalls.*did you mean maxConcurrentCalls\?/);
        expect(text).to.match(/name is 30 characters.*at most 24/);
        expect(text).to.match(/password .*25015/);
        expect(text).to.match(/trunkType.*did you mean "REGISTERING"\?/);
        expect(text).not.to.contain("bad!pass");
        expect(requestsOf(s.requests, "create")).to.deep.equal([]);
        expect(webex.requests()).to.deep.equal([]);
    });

    it("in place: a rename, a call limit and a policy are one PUT with the password and Webex's values for the rest; a rotated password is sent; then nothing to do", async () => {
        const stack = newStack({ config: { "trunking-test:sbc": SBC_PASSWORD } });
        stack.setResources([sbc("Update SBC")]);
        await stack.engine.up();
        const id = stack.engine.resource("sbc")!.id;

        webex.clearRequests();
        stack.setResources([sbc("Update SBC", { name: "Update SBC 2", maxConcurrentCalls: 500, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" })]);
        const changed = await stack.engine.up();
        expect(changed.changes).to.deep.equal({ update: 1, same: 1 });
        expect(writes().map((r) => [r.method, r.path, r.body])).to.deep.equal([
            [
                "PUT",
                `/telephony/config/premisePstn/trunks/${id}`,
                { name: "Update SBC 2", password: SBC_PASSWORD, dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY", maxConcurrentCalls: 500 },
            ],
        ]);
        expect(stack.engine.resource("sbc")!.outputs).to.include({ name: "Update SBC 2", maxConcurrentCalls: 500, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY", trunkId: id });

        webex.clearRequests();
        stack.engine.setConfig("trunking-test:sbc", "Sbc-Rotated-Sip-2", { secret: true });
        const rotated = await stack.engine.up();
        expect(rotated.changes).to.deep.equal({ update: 1, same: 1 });
        expect(writes().map((r) => (r.body as Record<string, unknown>).password)).to.deep.equal(["Sbc-Rotated-Sip-2"]);
        expect(trunk("Update SBC 2")!.password).to.equal("Sbc-Rotated-Sip-2");
        expect(stack.engine.stateText()).not.to.contain("Sbc-Rotated-Sip-2");

        webex.clearRequests();
        expect((await stack.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });
        expect(writes()).to.deep.equal([]);
    });

    it("a location change replaces the trunk, deleting the old one first because the new one keeps its name", async () => {
        const stack = newStack();
        stack.setResources([webexTrunk("mover", { name: "Moving LGW" })]);
        await stack.engine.up();
        const oldId = stack.engine.resource("mover")!.id;
        webex.clearRequests();
        stack.setResources([webexTrunk("mover", { name: "Moving LGW", locationId: WEBEX_LOCATIONS[2].id })]);
        const s = await stack.engine.up();
        expect(s.changes).to.deep.equal({ replace: 1, same: 1 });
        expect(requestsOf(s.requests, "diff")[0].response).to.deep.include({ replaces: ["locationId"], deleteBeforeReplace: true });
        expect(writes().map((r) => r.method)).to.deep.equal(["DELETE", "POST"]);
        const moved = stack.engine.resource("mover")!;
        expect(moved.id).not.to.equal(oldId);
        expect(trunk("Moving LGW")).to.include({ id: moved.id, locationId: WEBEX_LOCATIONS[2].id });
        expect(webex.state().trunks!.filter((t) => t.id === oldId)).to.deep.equal([]);
    });

    it("refresh after a change in Control Hub shows the drift; the next up puts back what the program sets and keeps what it leaves to Webex", async () => {
        const stack = newStack({ config: { "trunking-test:sbc": SBC_PASSWORD } });
        stack.setResources([sbc("Drift SBC")]);
        await stack.engine.up();
        const id = stack.engine.resource("sbc")!.id;
        await client().updateTrunk(id, { name: "Renamed in Hub", password: SBC_PASSWORD, dualIdentitySupportEnabled: true, maxConcurrentCalls: 300 });

        const r = await stack.engine.refresh();
        expect(r.steps.find((x) => x.name === "sbc")!.detail).to.equal("update");
        expect(stack.engine.resource("sbc")!.outputs).to.include({ name: "Renamed in Hub", dualIdentitySupportEnabled: true, maxConcurrentCalls: 300, password: SBC_PASSWORD });

        const s = await stack.engine.up();
        expect(s.changes).to.include({ update: 1 });
        // dualIdentitySupportEnabled is not in the program: Webex's value stays, and no perpetual diff.
        expect(trunk("Drift SBC")).to.include({ id, maxConcurrentCalls: 400, dualIdentitySupportEnabled: true });
        expect((await stack.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });
    });

    it("a 206 answer on refresh is a success that surfaces responseStatus and shows no drift", async () => {
        const stack = newStack();
        stack.setResources([webexTrunk("partial", { name: "Partial LGW" })]);
        await stack.engine.up();
        const id = stack.engine.resource("partial")!.id;
        webex.setPartial(id, { code: 25014, asList: true });
        try {
            const r = await stack.engine.refresh();
            expect(r.steps.find((x) => x.name === "partial")!.detail).to.equal("same");
            const status = stack.engine.resource("partial")!.outputs.responseStatus as Array<Record<string, unknown>>;
            expect(status).to.be.an("array");
            expect(status[0]).to.include({ code: 25014 });
        } finally {
            webex.setPartial(id, undefined);
        }
    });

    it("a trunk deleted in Control Hub: its Delete (404) succeeds once it left the program; refresh drops the other, which the next up creates again", async () => {
        const stack = newStack();
        stack.setResources([webexTrunk("kept", { name: "Gone Kept LGW" }), webexTrunk("dropped", { name: "Gone Dropped LGW" })]);
        await stack.engine.up();
        const keptId = stack.engine.resource("kept")!.id;
        for (const r of stack.engine.resources()) {
            await client().deleteTrunk(r.id);
        }

        stack.setResources([webexTrunk("kept", { name: "Gone Kept LGW" })]);
        const dropped = await stack.engine.up();
        expect(dropped.changes).to.deep.equal({ same: 2, delete: 1 });
        expect(requestsOf(dropped.requests, "delete").map((r) => r.urn)).to.deep.equal([stack.engine.urn(WEBEX_TYPE, "dropped")]);

        const r = await stack.engine.refresh();
        expect(r.steps.find((x) => x.name === "kept")!.detail).to.equal("delete");
        expect(stack.engine.resource("kept")).to.equal(undefined);

        const again = await stack.engine.up();
        expect(again.changes).to.include({ create: 1 });
        expect(trunk("Gone Kept LGW")!.id).to.be.a("string").and.not.equal(keptId);
    });

    it("API errors reach the user whole: a trunk in use is refused before the DELETE, naming what uses it and what to do; a refused token a 401 without the token", async () => {
        const own = await startSim();
        let sim = own;
        try {
            const stack = newStack({ sim });
            stack.setResources([webexTrunk("busy", { name: "Busy LGW" })]);
            await stack.engine.up();
            // Meanwhile an admin puts the trunk into a route group: the same org, now with the trunk in use.
            const seed = sim.state();
            seed.trunks!.find((t) => t.name === "Busy LGW")!.inUse = true;
            const port = sim.port;
            await sim.close();
            sim = await startSim({ port, seed });

            const d = await stack.engine.destroy({ expectFailure: true });
            const message = d.errors.join("\n");
            expect(message).to.contain('is still used by route group "Busy LGW route group"').and.contain("nothing was deleted").and.contain("run the same pulumi command again");
            expect(sim.requests().filter((q) => q.method === "DELETE"), "the usage check refuses before any DELETE").to.have.length(0);
            expect(stack.engine.resource("busy")).to.not.equal(undefined); // still managed: nothing was deleted

            sim.setTokens(["rotated-elsewhere"]);
            const r = await stack.engine.refresh({ expectFailure: true });
            expect(r.errors.join("\n")).to.contain("HTTP 401").and.contain("refused the access token").and.not.contain(TOKEN);
        } finally {
            await sim.close();
        }
    });

    it("a missing token names webex:accessToken and WEBEX_ACCESS_TOKEN", async () => {
        const stack = newStack();
        stack.engine.removeConfig("webex:accessToken");
        stack.setResources([webexTrunk("untokened", { name: "No Token LGW" })]);
        const s = await stack.engine.up({ expectFailure: true });
        expect(s.errors.join("\n")).to.contain("webex:accessToken").and.contain("WEBEX_ACCESS_TOKEN");
        expect(trunk("No Token LGW")).to.equal(undefined);
    });

    it("falls back to the WEBEX_* environment variables of the provider host, for up and destroy alike", async () => {
        const stack = newStack({ hostEnv: { ...cleanEnv(process.env), WEBEX_ACCESS_TOKEN: TOKEN, WEBEX_BASE_URL: webex.url } });
        stack.engine.removeConfig("webex:accessToken");
        stack.engine.removeConfig("webex:baseUrl");
        stack.setResources([webexTrunk("env", { name: "Env LGW" })]);
        await stack.engine.up();
        expect(trunk("Env LGW")).to.include({ password: PASSWORD });
        await stack.engine.destroy();
        expect(trunk("Env LGW")).to.equal(undefined);
        expect(stack.engine.hostOutput()).not.to.contain(TOKEN);
    });

    describe("issue 11 defects", () => {
        /** The trunk's single-trunk GET fails once, so the create returns an init failure after the POST worked. */
        const failReadBack = () => webex.setFaults([{ kind: "status", status: 500, method: "GET", path: /^\/telephony\/config\/premisePstn\/trunks\/[^/]+$/, count: 1 }]);
        afterEach(() => webex.setFaults([]));

        it("defect 2: after a half-made create and the refresh it asks for, the first up converges and every later password change reaches Webex", async () => {
            const stack = newStack();
            stack.setResources([webexTrunk("half", { name: "Half LGW" })]);
            failReadBack();
            const created = await stack.engine.up({ expectFailure: true });
            webex.setFaults([]);
            expect(created.errors.join("\n")).to.contain("was created").and.contain("pulumi refresh");
            const half = stack.engine.resource("half")!;
            expect(half.initErrors).to.have.length(1);
            expect(half.id).to.equal(trunk("Half LGW")!.id);

            await stack.engine.refresh();
            const converged = await stack.engine.up();
            expect(requestsOf(converged.requests, "update").map((r) => r.urn)).to.deep.equal([half.urn]);
            expect((await stack.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });

            stack.engine.setConfig("trunking-test:pw", "Second-Sip-Passw0rd-2", { secret: true });
            const changed = await stack.engine.up();
            expect(changed.changes).to.deep.equal({ update: 1, same: 1 });
            expect(trunk("Half LGW")!.password).to.equal("Second-Sip-Passw0rd-2");
            const after = stack.engine.resource("half")!;
            expect(after.inputs.password).to.equal("Second-Sip-Passw0rd-2");
            expect(isSecret(after.raw.inputs.password)).to.equal(true);
            expect(isSecret(after.raw.outputs.password)).to.equal(true);
            const text = stack.engine.stateText();
            expect(text).not.to.contain(PASSWORD);
            expect(text).not.to.contain("Second-Sip-Passw0rd-2");
        });

        it("defect 2: state an earlier version left without the password in its outputs takes a changed password on the next up", async () => {
            const stack = newStack();
            stack.setResources([webexTrunk("stale", { name: "Stale LGW" })]);
            await stack.engine.up();
            // What the version before the fix kept after a half-made create and a refresh: no password in inputs or outputs.
            stack.engine.editState((resources) => {
                for (const r of resources.filter((x) => x.type === WEBEX_TYPE)) {
                    delete r.inputs.password;
                    delete r.outputs.password;
                }
            });
            stack.engine.setConfig("trunking-test:pw", "Stale-Sip-Passw0rd-3", { secret: true });
            const s = await stack.engine.up();
            expect(s.changes).to.deep.equal({ update: 1, same: 1 });
            expect(trunk("Stale LGW")!.password).to.equal("Stale-Sip-Passw0rd-3");
            expect((await stack.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });
        });

        it("defect 4: a rename under ignoreChanges keeps a call limit changed in Control Hub (the engine hands over the OLD input)", async () => {
            const stack = newStack({ config: { "trunking-test:sbc": SBC_PASSWORD } });
            const program = (name: string) => [sbc("Ignoring SBC", { name }, { options: { ignoreChanges: ["maxConcurrentCalls"] } })];
            stack.setResources(program("Ignoring SBC"));
            await stack.engine.up();
            const id = stack.engine.resource("sbc")!.id;
            await client().updateTrunk(id, { name: "Ignoring SBC", password: SBC_PASSWORD, maxConcurrentCalls: 750 });

            webex.clearRequests();
            stack.setResources(program("Ignoring SBC Renamed"));
            const s = await stack.engine.up();
            // The engine did put the old input (400) into the program's inputs…
            expect((requestsOf(s.requests, "update")[0].request.news as Record<string, unknown>).maxConcurrentCalls).to.equal(400);
            // …and the PUT still carries Webex's current value.
            expect(writes().map((r) => r.body)).to.deep.equal([
                { name: "Ignoring SBC Renamed", password: SBC_PASSWORD, dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "DISABLED", maxConcurrentCalls: 750 },
            ]);
            expect(trunk("Ignoring SBC Renamed")).to.include({ id, maxConcurrentCalls: 750 });
        });
    });
});

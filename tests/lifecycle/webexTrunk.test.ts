import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator, WebexSeed, WebexSimulator, WebexSimulatorOptions } from "../../provider/simulator";
import { startWebexSimulator } from "../../provider/simulator";
import { WebexClient } from "../../provider/webex/client";
import { trunkCheck } from "../../provider/webex/trunk/handlers";
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
    /** The same org after an administrator's change the API cannot make (a trunk put in use, a device registering): the simulator restarted on its port with the edited data. */
    const restarted = async (sim: WebexSimulator, edit: (seed: WebexSeed) => void): Promise<WebexSimulator> => {
        const seed = sim.state();
        edit(seed);
        const port = sim.port;
        await sim.close();
        return startSim({ port, seed });
    };

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
        // A plain string (cfg.require): WebexTrunk makes it a secret anyway.
        const lgw = webexTrunk("lgw", { name: "Program LGW" }, { secrets: {}, plain: { password: "pw" }, export: ["trunkId", "otgDtgId", "password"] });

        before(async () => {
            stack = newStack({ config: { "trunking-test:sbc": SBC_PASSWORD } });
            stack.setResources([lgw, sbc("Program SBC", {}, { export: ["trunkId", "linePort"] })]);
            webex.clearRequests();
            first = await stack.engine.up();
        });

        it("up: one POST per trunk, read back with GET; the id is Webex's trunk id; outputs carry what Webex reports", () => {
            expect(first.changes).to.deep.equal({ create: 3 }); // the stack and two trunks
            expect(writes().map((r) => r.method)).to.deep.equal(["POST", "POST"]);
            // Per trunk: the name check (a list), the POST, the read-back; the SBC's device type is judged against
            // the org's trunk types before its POST. The two trunks' requests interleave.
            const trunkPath = (path: string) => path.replace(/trunks\/(?!trunkTypes$)[^/]+$/, "trunks/{id}");
            const trunks = "/telephony/config/premisePstn/trunks";
            expect(webex.requests().map((q) => `${q.method} ${trunkPath(q.path)}`).sort()).to.deep.equal(
                [`GET ${trunks}`, `POST ${trunks}`, `GET ${trunks}/{id}`, `GET ${trunks}`, `GET ${trunks}/trunkTypes`, `POST ${trunks}`, `GET ${trunks}/{id}`].sort(),
            );
            const lgw = stack.engine.resource("lgw")!;
            expect(lgw.id).to.equal(first.outputs["lgw.trunkId"]).and.to.equal(trunk("Program LGW")!.id);
            expect(trunk("Program LGW")).to.include({ password: PASSWORD, locationId: WEBEX_LOCATIONS[0].id });
            expect(trunk("Program SBC")).to.include({ password: SBC_PASSWORD, maxConcurrentCalls: 400, address: "program-sbc.example.com" });
            expect(first.outputs["lgw.otgDtgId"]).to.be.a("string").and.not.equal("");
            expect(first.outputs["sbc.linePort"]).to.be.a("string").and.not.equal("");
            expect(lgw.outputs).to.include({ trunkId: lgw.id, name: "Program LGW", trunkType: "REGISTERING", pChargeInfoSupportPolicy: "DISABLED" });
            expect(lgw.outputs.location).to.deep.equal(WEBEX_LOCATIONS[0]);
            // wxc_sdk's GET shape (the simulator's default): the org as `organization`, lower-case status, an empty responseStatus list.
            expect(lgw.outputs.customer).to.have.keys("id", "name");
            expect(lgw.outputs).to.include({ status: "UNKNOWN", responseStatus: null });
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

        it("a Webex answering the spec's single-trunk GET shape gives the same outputs as wxc_sdk's shape, and no diff on the next up", async () => {
            const specSim = await startSim({ trunkGetShape: "spec" });
            try {
                const spec = newStack({ sim: specSim });
                spec.setResources([lgw]);
                await spec.engine.up();
                // What Webex assigns each trunk of its own differs between the two orgs; everything else is the same.
                const comparable = (outputs: Record<string, unknown>) => {
                    const { trunkId: _id, otgDtgId: _otg, linePort: _port, pilotUserId: _pilot, sipAuthenticationUserName: _user, __provider: _provider, ...rest } = outputs;
                    return rest;
                };
                const outputs = spec.engine.resource("lgw")!.outputs;
                expect(outputs.customer).to.have.keys("id", "name");
                expect(outputs).to.include({ status: "UNKNOWN", responseStatus: null });
                expect(comparable(outputs)).to.deep.equal(comparable(stack.engine.resource("lgw")!.outputs));
                specSim.clearRequests();
                expect((await spec.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });
                expect(writes(specSim)).to.deep.equal([]);
            } finally {
                await specSim.close();
            }
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

    it("a name another trunk holds in another case fails the create before any write, naming that trunk and how to adopt it; nothing is kept", async () => {
        const holder = await client().createTrunk({ name: "LGW Taken", locationId: WEBEX_LOCATIONS[0].id, password: PASSWORD, trunkType: "REGISTERING" });
        const stack = newStack();
        stack.setResources([webexTrunk("taken", { name: "lgw TAKEN" })]);
        webex.clearRequests();
        const s = await stack.engine.up({ expectFailure: true });
        const message = s.errors.join("\n");
        expect(message).to.contain(`name: the Webex trunk "LGW Taken" (id ${holder.id}, location ${WEBEX_LOCATIONS[0].name}) already has this name in another case`);
        expect(message).to.contain("Nothing was created").and.contain("adoptExisting").and.not.contain("{ import:");
        expect(writes()).to.deep.equal([]);
        expect(stack.engine.resource("taken"), "no half-made resource kept").to.equal(undefined);
    });

    it("a password the location's policy refuses: preview passes, up fails before anything exists and says what to do, never showing the password", async () => {
        const stack = newStack({ config: { "trunking-test:pw": "weak-1" } });
        stack.setResources([webexTrunk("weak", { name: "LGW Weak" })]);
        const preview = await stack.engine.preview();
        expect(preview.changes).to.deep.equal({ create: 2 });
        const s = await stack.engine.up({ expectFailure: true });
        const message = printedErrors(s);
        expect(message).to.contain("Password must be at least 8 characters long.").and.contain(`SIP password policy of location ${WEBEX_LOCATIONS[0].id}`);
        expect(message).to.contain("generatePassword").and.contain("Nothing was created");
        expect(message + stack.engine.stateText()).not.to.contain("weak-1");
        expect(trunk("LGW Weak")).to.equal(undefined);
        expect(stack.engine.resource("weak")).to.equal(undefined);
    });

    it("a certificate-based trunk addressed by DNS SRV: created without a port, refreshed without drift, renamed in place; a port added later is a replacement", async () => {
        const stack = newStack({ config: { "trunking-test:sbc": SBC_PASSWORD } });
        const srv = (args: Record<string, unknown> = {}) => {
            const spec = sbc("SRV SBC", { address: "_sips._tcp.srv-sbc", maxConcurrentCalls: 300, ...args });
            if (!("port" in args)) {
                delete spec.args.port;
            }
            return spec;
        };
        stack.setResources([srv()]);
        webex.clearRequests();
        await stack.engine.up();
        expect(writes().find((r) => r.method === "POST")?.body).to.include({ address: "_sips._tcp.srv-sbc", domain: "example.com" }).and.not.have.property("port");
        const created = stack.engine.resource("sbc")!;
        expect(created.outputs).to.include({ address: "_sips._tcp.srv-sbc", domain: "example.com" }).and.not.have.property("port");
        expect(trunk("SRV SBC")).to.not.have.property("port");

        const r = await stack.engine.refresh();
        expect(r.steps.find((x) => x.name === "sbc")!.detail).to.equal("same");
        expect(stack.engine.resource("sbc")!.outputs).to.not.have.property("port");
        expect(stack.engine.resource("sbc")!.inputs).to.not.have.property("port");

        stack.setResources([srv({ name: "SRV SBC 2" })]);
        webex.clearRequests();
        const renamed = await stack.engine.up();
        expect(renamed.changes).to.deep.equal({ update: 1, same: 1 });
        const put = writes();
        expect(put.map((q) => q.method)).to.deep.equal(["PUT"]);
        expect(put[0].body).to.include({ name: "SRV SBC 2" }).and.not.have.any.keys("port", "address", "domain", "locationId");
        expect(stack.engine.resource("sbc")!.id).to.equal(created.id);
        expect(stack.engine.resource("sbc")!.outputs).to.include({ name: "SRV SBC 2" }).and.not.have.property("port");

        // A port describes another (FQDN-addressed) trunk, which Webex cannot make of this one in place.
        stack.setResources([srv({ name: "SRV SBC 2", port: 5061 })]);
        webex.clearRequests();
        const withPort = await stack.engine.preview();
        expect(withPort.changes).to.deep.equal({ replace: 1, same: 1 });
        expect(requestsOf(withPort.requests, "diff")[0].response).to.deep.include({ replaces: ["port"] });
        expect(writes()).to.deep.equal([]);
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

    it("a 206 answer on refresh is a success: responseStatus says what Webex could not read, which keeps its last value, with no drift; a full answer clears it", async () => {
        let sim = await startSim();
        try {
            const stack = newStack({ sim });
            stack.setResources([webexTrunk("proxied", { name: "Proxied LGW" }), webexTrunk("registered", { name: "Registered LGW" })]);
            await stack.engine.up();
            const outputs = (name: string) => stack.engine.resource(name)!.outputs;
            const id = (name: string) => stack.engine.resource(name)!.id;
            const proxy = outputs("proxied").outboundProxy;
            expect(proxy).to.have.property("outboundProxy");
            // The gateway registers; the outbound proxy cannot be read this time (wxc_sdk's shape then sends it as {}).
            sim = await restarted(sim, (seed) => {
                seed.trunks!.find((t) => t.name === "Registered LGW")!.status = "online";
            });
            sim.setPartial(id("proxied"), { code: 25013 });
            const first = await stack.engine.refresh();
            expect(first.steps.filter((x) => x.op === "refresh" && x.type === WEBEX_TYPE).map((x) => x.detail)).to.deep.equal(["same", "same"]);
            expect((outputs("proxied").responseStatus as Array<Record<string, unknown>>)[0]).to.include({ code: 25013 });
            expect(outputs("proxied").outboundProxy).to.deep.equal(proxy);
            expect(outputs("registered")).to.include({ status: "ONLINE", responseStatus: null });

            // Now the status cannot be read (sent as "unknown"): the last one read stays; the proxy answers in full again.
            sim.setPartial(id("proxied"), undefined);
            sim.setPartial(id("registered"), { code: 25014 });
            const second = await stack.engine.refresh();
            expect(second.steps.filter((x) => x.op === "refresh" && x.type === WEBEX_TYPE).map((x) => x.detail)).to.deep.equal(["same", "same"]);
            expect((outputs("registered").responseStatus as Array<Record<string, unknown>>)[0]).to.include({ code: 25014 });
            expect(outputs("registered").status).to.equal("ONLINE");
            expect(outputs("proxied").responseStatus).to.equal(null);
        } finally {
            await sim.close();
        }
    });

    it("a trunk deleted in Control Hub: its Delete (404) succeeds once it left the program; refresh drops the other, which the next up creates again", async () => {
        const stack = newStack();
        stack.setResources([webexTrunk("kept", { name: "Gone Kept LGW" }), webexTrunk("dropped", { name: "Gone Dropped LGW" })]);
        await stack.engine.up();
        const keptId = stack.engine.resource("kept")!.id;
        for (const r of stack.engine.resources()) {
            await client().deleteTrunk(r.id, trunkCheck(r.id));
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

    it("API errors reach the user whole: a trunk in use is refused before the DELETE, naming what uses it and what to do; Webex's own 409 is explained; a refused token a 401 without the token", async () => {
        const own = await startSim();
        let sim = own;
        try {
            const stack = newStack({ sim });
            stack.setResources([webexTrunk("busy", { name: "Busy LGW" })]);
            await stack.engine.up();
            // Meanwhile an admin puts the trunk into a route group.
            sim = await restarted(sim, (seed) => {
                seed.trunks!.find((t) => t.name === "Busy LGW")!.inUse = true;
            });

            const id = stack.engine.resource("busy")!.id;
            const d = await stack.engine.destroy({ expectFailure: true });
            const message = d.errors.join("\n");
            expect(message).to.contain(`Webex trunk "Busy LGW" (id ${id}) is still used by route group "Busy LGW route group"`).and.contain("nothing was deleted").and.contain("run the same pulumi command again");
            // The usage check refuses before any DELETE.
            expect(sim.requests().map((r) => `${r.method} ${r.path.split("/").pop()}`)).to.deep.equal(["GET usage", "GET usageRouteGroup"]);
            expect(stack.engine.resource("busy")).to.not.equal(undefined); // still managed: nothing was deleted

            // The usage read says nothing uses it (it changed in between): Webex's own 409 reaches the user whole, explained from a fresh read.
            sim.setFaults([
                { kind: "status", status: 200, body: '{"pstnConnectionCount":0,"callToExtensionCount":0,"dialPlanCount":0,"routeGroupCount":0}', contentType: "application/json", method: "GET", path: /\/usage$/, count: 1 },
            ]);
            const conflict = await stack.engine.destroy({ expectFailure: true });
            sim.setFaults([]);
            expect(conflict.errors.join("\n")).to.contain("HTTP 409").and.contain("in use and cannot be deleted").and.contain("code 25017").and.contain("trackingId ROUTER_SIM_");
            expect(conflict.errors.join("\n")).to.contain('is still used by route group "Busy LGW route group"');
            expect(trunk("Busy LGW", sim)).to.not.equal(undefined);
            expect(stack.engine.resource("busy")).to.not.equal(undefined);

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

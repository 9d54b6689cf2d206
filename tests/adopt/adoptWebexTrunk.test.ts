import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator, WebexSimulator } from "../../provider/simulator";
import { defaultWebexSeed, startWebexSimulator } from "../../provider/simulator";
import { WebexClient } from "../../provider/webex/client";
import type { ResourceSpec } from "../engine/fixtures";
import { OdinStack, WEBEX_TYPE, startOdin, tempDir } from "../engine/fixtures";
import { killHostDuring, requestsOf } from "../engine/index";
import { writesOf } from "./helpers";

/**
 * Adopt mode of WebexTrunk through the test engine and the real provider
 * host: found by exact name across the list's pages or by the id the program
 * names; a difference fails before any write; "apply" is one PUT carrying
 * name and password; an interrupted create converges.
 */
describe("adopt: WebexTrunk through the engine", function () {
    this.timeout(180_000);
    const TOKEN = "wx-ADOPT-engine-9b2e";
    const PASSWORD = "Lgw-Sip-Passw0rd-7";
    const LOCATION = defaultWebexSeed().locations[0].id;
    let odin: OdinSimulator;
    let webex: WebexSimulator;
    let client: WebexClient;
    let dir: string;
    let existingId: string;

    before(async () => {
        odin = await startOdin();
        // Page size 2 and other trunks first: the exact name has to be found on a later page.
        webex = await startWebexSimulator({ tokens: [TOKEN], pageSize: 2 });
        client = new WebexClient({ baseUrl: webex.url, accessToken: TOKEN });
        for (const name of ["Aaa One", "Aaa Two", "Aaa Three", "Existing LGW x"]) {
            await client.createTrunk({ name, locationId: LOCATION, password: PASSWORD, trunkType: "REGISTERING" });
        }
        existingId = (await client.createTrunk({ name: "Existing LGW", locationId: LOCATION, password: PASSWORD, trunkType: "REGISTERING", dualIdentitySupportEnabled: true })).id;
        dir = tempDir("adopt-webex");
    });
    after(async () => {
        await odin?.close();
        await webex?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function stack(name: string, config: Record<string, string> = {}): OdinStack {
        return new OdinStack(odin, `${dir}/${name}`, {
            config: { "webex:baseUrl": webex.url, "webex:accessToken": TOKEN, "trunking-test:lgw": PASSWORD, ...config },
            secretConfig: ["webex:accessToken", "trunking-test:lgw"],
        });
    }
    const trunk = (args: Record<string, unknown>, name = "lgw"): ResourceSpec => ({
        kind: "WebexTrunk",
        name,
        args: { name: "Existing LGW", locationId: LOCATION, trunkType: "REGISTERING", dualIdentitySupportEnabled: true, ...args },
        secrets: { password: "lgw" },
    });

    it("without adoptExisting, the taken name is explained with the trunk's id and the one line to add", async () => {
        const s = stack("plain");
        s.setResources([trunk({})]);
        const error = (await s.engine.up({ expectFailure: true })).errors.join("\n");
        expect(error).to.contain(`the Webex trunk "Existing LGW" (id ${existingId}`).and.contain("already has this name").and.contain("Nothing was created");
        expect(error).to.contain("add `adoptExisting: true` to this WebexTrunk's arguments").and.contain("`pulumi config set webex:adoptExisting true`");
        expect(error).to.not.contain("{ import:");
    });

    it("a difference fails before any write and names each field with both values; the password is unreadable, never shown", async () => {
        const s = stack("differs");
        s.setResources([trunk({ adoptExisting: true, dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" })]);
        webex.clearRequests();
        const error = (await s.engine.up({ expectFailure: true })).errors.join("\n");
        expect(writesOf(webex.requests())).to.deep.equal([]);
        expect(error).to.contain('Webex trunk "Existing LGW" already exists but differs from the program');
        expect(error).to.contain("  - dualIdentitySupportEnabled: Webex has true, the program declares false\n");
        expect(error).to.contain('  - pChargeInfoSupportPolicy: Webex has "DISABLED", the program declares "ASSERTED_IDENTITY"\n');
        expect(error).to.contain("password cannot be read from Webex, so it was not compared");
        expect(error).to.not.contain(PASSWORD);
        expect(s.engine.resource("lgw")).to.equal(undefined);
    });

    it("a location that differs cannot be applied: refused before any write even in the applying mode", async () => {
        const s = stack("location");
        s.setResources([trunk({ adoptExisting: "apply", locationId: defaultWebexSeed().locations[1].id })]);
        webex.clearRequests();
        const error = (await s.engine.up({ expectFailure: true })).errors.join("\n");
        expect(writesOf(webex.requests())).to.deep.equal([]);
        expect(error).to.contain("Webex cannot change locationId in place, so it was not adopted and nothing was changed");
    });

    it('"apply" is one PUT carrying name and password with the program\'s values; the next up changes nothing', async () => {
        const s = stack("apply");
        s.setResources([trunk({ adoptExisting: "apply", pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" })]);
        webex.clearRequests();
        expect((await s.engine.up()).changes).to.deep.equal({ create: 2 });
        const writes = writesOf(webex.requests());
        expect(writes.map((w) => `${w.method} ${w.path}`)).to.deep.equal([`PUT /telephony/config/premisePstn/trunks/${existingId}`]);
        expect(writes[0].body).to.include({ name: "Existing LGW", password: PASSWORD, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY", dualIdentitySupportEnabled: true });
        expect(s.engine.resource("lgw")!.id).to.equal(existingId);
        expect(s.engine.stateText()).to.not.contain(PASSWORD);
        webex.clearRequests();
        expect((await s.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });
        expect(writesOf(webex.requests())).to.deep.equal([]);
    });

    it("{ id } adopts the trunk it names; with apply: true the program's name is given to it in the same PUT", async () => {
        const other = (await client.findTrunksByName("Existing LGW x"))[0].id;
        const s = stack("by-id");
        s.setResources([trunk({ name: "Renamed LGW", dualIdentitySupportEnabled: false, adoptExisting: { id: other, apply: true } })]);
        webex.clearRequests();
        await s.engine.up();
        const writes = writesOf(webex.requests());
        expect(writes.map((w) => w.method)).to.deep.equal(["PUT"]);
        expect(writes[0].body).to.include({ name: "Renamed LGW", password: PASSWORD });
        expect(s.engine.resource("lgw")!.id).to.equal(other);
        const missing = stack("by-missing-id");
        missing.setResources([trunk({ adoptExisting: { id: "Tk9QRQ" } }, "ghost")]);
        const error = (await missing.engine.up({ expectFailure: true })).errors.join("\n");
        expect(error).to.contain('adoptExisting: there is no WebexTrunk with id "Tk9QRQ" to adopt, so nothing was created or changed');
    });

    describe("a create whose POST was applied but whose answer never reached the engine (host killed)", () => {
        let s: OdinStack;

        before(() => {
            s = stack("interrupted", { "webex:maxRetries": "0" });
            s.setResources([{ kind: "WebexTrunk", name: "site", args: { name: "Site LGW", locationId: LOCATION, trunkType: "REGISTERING" }, secrets: { password: "lgw" } }]);
        });

        it("the run fails and records nothing, while the trunk exists in Webex", async () => {
            // The read-back after the POST never answers; the host is killed while it waits.
            webex.setFaults([{ kind: "hang", method: "GET", path: /^\/telephony\/config\/premisePstn\/trunks\/[^/]+$/, count: 1 }]);
            try {
                const run = await s.engine.up({
                    expectFailure: true,
                    hooks: killHostDuring("create", () => webex.requests().some((r) => r.method === "GET" && r.fault === "hang" && r.durationMs === null)),
                });
                expect(requestsOf(run.requests, "create")[0].error!.code).to.equal(14);
            } finally {
                webex.setFaults([]);
            }
            expect(s.engine.resource("site")).to.equal(undefined);
            expect(webex.state().trunks!.filter((t) => t.name === "Site LGW")).to.have.length(1);
        });

        it("the next up without adopt mode fails with the one-line fix", async () => {
            const error = (await s.engine.up({ expectFailure: true })).errors.join("\n");
            expect(error).to.contain('the Webex trunk "Site LGW"').and.contain("already has this name").and.contain("add `adoptExisting: true` to this WebexTrunk's arguments");
        });

        it("with adoptExisting on the resource, the next up converges with zero writes, and the one after has nothing to do", async () => {
            s.setResources([{ kind: "WebexTrunk", name: "site", args: { name: "Site LGW", locationId: LOCATION, trunkType: "REGISTERING", adoptExisting: true }, secrets: { password: "lgw" } }]);
            webex.clearRequests();
            const run = await s.engine.up();
            expect(run.changes).to.deep.equal({ create: 1, same: 1 });
            expect(writesOf(webex.requests())).to.deep.equal([]);
            expect(s.engine.resource("site")!.id).to.equal(webex.state().trunks!.find((t) => t.name === "Site LGW")!.id);
            const next = await s.engine.up({ expectNoChanges: true });
            expect(next.changes).to.deep.equal({ same: 2 });
            expect(requestsOf(next.requests, "diff").map((r) => r.urn)).to.include(s.engine.urn(WEBEX_TYPE, "site"));
        });
    });
});

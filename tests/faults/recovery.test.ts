import { expect } from "chai";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";
import type * as pulumi from "@pulumi/pulumi";
import { OdinClient } from "../../provider/odin/client";
import { checkInputs } from "../../provider/kit/check";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { handlers as odinHandlers, resetForTests as resetOdin } from "../../provider/odin/trunkGroup/handlers";
import { OdinSimulator, WebexSimulator, startOdinSimulator, startWebexSimulator } from "../../provider/simulator";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";
import { handlers as webexHandlers, resetForTests as resetWebex } from "../../provider/webex/trunk/handlers";
import { MAX_UNCONFIRMED_DELETES } from "../../provider/http/confirmDelete";
import { FaultKind, FaultProxy, startFaultProxy } from "./proxy";

/**
 * Issue 13, one fault at a time through the resource handlers and the fault
 * proxy, with the simulator's state as the truth: a POST delivered twice, a
 * proxy's page where an answer belongs, answers that are not what was asked
 * for, a rename whose answer is lost, hosted users found under another name.
 */
const h = odinHandlers as Required<pulumi.dynamic.ResourceProvider>;
const w = webexHandlers as Required<pulumi.dynamic.ResourceProvider>;
type Props = Record<string, unknown>;

function odinConfig(url: string, extra: Record<string, string> = {}) {
    const values: Record<string, string> = { "odin:baseUrl": url, "odin:username": "admin", "odin:password": "admin", ...extra };
    resetOdin({ get: (k: string) => values[k] });
}

describe("recovery from single faults, through the handlers and the fault proxy (issue 13)", function () {
    this.timeout(30_000);
    let sim: OdinSimulator;
    let proxy: FaultProxy;
    const trunks = (groupId = "G2") => (sim.state().serviceProviders[0].groups ?? []).find((g) => g.groupId === groupId)!.trunkGroups!.map((t) => String(t.name));
    const posts = () => sim.requests().filter((r) => r.method === "POST" && r.path === "/groups/trunk-groups").length;
    const plan = (news: Props) => checkInputs(TRUNK_GROUP, {}, news).inputs;
    const PBX = { serviceProviderId: "SP1", groupId: "G2", name: "PBX A", maxActiveCalls: 5, maxIncomingCalls: 3 };

    beforeEach(async () => {
        sim = await startOdinSimulator();
        proxy = await startFaultProxy({ upstream: sim.url, seed: 5 });
        odinConfig(proxy.url);
    });
    afterEach(async () => {
        resetOdin();
        await proxy.close();
        await sim.close();
    });

    it("a POST delivered twice (the second copy answers 'already exists') is recognised as ours: kept, created once", async () => {
        proxy.inject({ kind: "duplicate", method: "POST", path: "/groups/trunk-groups" });
        const r = await h.create(plan(PBX));
        expect(r.id).to.equal("SP1/G2/PBX%20A");
        expect(r.outs).to.include({ name: "PBX A", maxActiveCalls: 5, maxIncomingCalls: 3 });
        expect(trunks().filter((n) => n === "PBX A")).to.have.length(1);
        expect(proxy.log().find((e) => e.fault === "duplicate")?.upstream).to.deep.equal([200, 400]);
    });

    for (const kind of ["empty-array", "html-200", "truncate"] as FaultKind[]) {
        it(`a login answered with "${kind}" is asked again, not taken for a server without tokens`, async () => {
            proxy.inject({ kind, method: "POST", path: "/auth/token" });
            expect((await h.read("SP1/G2/G2-TG1", {})).id).to.equal("SP1/G2/G2-TG1");
            expect(sim.requests().filter((r) => r.path === "/auth/token")).to.have.length(2);
        });
    }

    it("a name already taken is refused before any write, naming how to adopt it", async () => {
        const e = (await h.create(plan({ ...PBX, name: "G2-TG1" })).catch((x: Error) => x)) as Error;
        expect(e.message).to.equal(
            'A trunk group named "G2-TG1" already exists in group G2 of SP1, and this stack does not manage it. ' +
                "To take it over, add `adoptExisting: true` to this TrunkGroup's arguments (or, for every TrunkGroup of the stack, run `pulumi config set odin:adoptExisting true`), then run `pulumi up` again. " +
                "(The `import` resource option cannot work here: the Pulumi engine cannot import a dynamic-provider resource, pulumi/pulumi#16175.) Or choose another name.",
        );
        expect(posts()).to.equal(0);
    });

    for (const kind of ["html-404", "applied-500", "applied-502", "reset-after", "html-200", "truncate", "missing-field", "wrong-type", "empty-array"] as FaultKind[]) {
        it(`a POST meeting "${kind}" goes through the fate lookup: one trunk group, with the declared values`, async () => {
            proxy.inject({ kind, method: "POST", path: "/groups/trunk-groups" });
            const r = await h.create(plan(PBX));
            expect(r.outs).to.include({ name: "PBX A", maxActiveCalls: 5, maxIncomingCalls: 3 });
            expect(trunks().filter((n) => n === "PBX A")).to.have.length(1);
        });
    }

    for (const kind of ["empty-200", "null-200", "whitespace-200", "html-404", "html-200", "truncate", "empty-array", "other-object", "wrong-type", "missing-field", "slow-drip"] as FaultKind[]) {
        it(`a refresh whose GET meets "${kind}" keeps the trunk group with its real values`, async () => {
            if (kind === "slow-drip") {
                odinConfig(proxy.url, { "odin:timeoutMs": "1500" });
            }
            const made = await h.create(plan(PBX));
            await h.read("SP1/G2/G2-TG1", {}); // another profile for "other-object" to hand out
            for (let i = 0; i < (kind === "slow-drip" ? 1 : 3); i++) {
                // Whichever field the fault picks, including the optional ones.
                proxy.inject({ kind, method: "GET", path: "/groups/trunk-groups" });
                const r = await h.read(made.id, made.outs);
                expect(r.id, kind).to.equal(made.id);
                expect(r.props).to.deep.equal(made.outs);
            }
        });
    }

    it("a write's answer without its identity never stands in for the trunk group: the outputs are read whole", async () => {
        proxy.inject({ kind: "missing-field", field: "serviceProviderId", method: "POST", path: "/groups/trunk-groups" });
        const made = await h.create(plan(PBX));
        expect(made.outs).to.include({ serviceProviderId: "SP1", groupId: "G2", name: "PBX A" });
        proxy.inject({ kind: "missing-field", field: "serviceProviderId", method: "PUT", path: "/groups/trunk-groups" });
        const r = await h.update(made.id, made.outs, plan({ ...PBX, maxActiveCalls: 7 }));
        expect(r.outs).to.include({ serviceProviderId: "SP1", groupId: "G2", name: "PBX A", maxActiveCalls: 7 });
        expect(proxy.stats().faults["missing-field"]).to.equal(2);
    });

    it("a DELETE whose answer is lost after it was applied is repeated and counts as deleted", async () => {
        const made = await h.create(plan(PBX));
        proxy.inject({ kind: "reset-after", method: "DELETE" });
        await h.delete(made.id, made.outs);
        expect(trunks()).to.not.include("PBX A");
        const deletes = sim.requests().filter((r) => r.method === "DELETE").map((r) => r.status);
        expect(deletes).to.deep.equal([200, 404]);
    });

    it("a proxy's 404 page on a DELETE is not taken for 'already gone': the DELETE is repeated", async () => {
        const made = await h.create(plan(PBX));
        proxy.inject({ kind: "html-404", method: "DELETE" });
        await h.delete(made.id, made.outs);
        expect(trunks()).to.not.include("PBX A");
    });

    it("the client's maxResponseBytes reaches the transport: a larger answer is refused, not read", async () => {
        const c = new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin", maxResponseBytes: 600 });
        const key = { serviceProviderId: "SP1", groupId: "G1", name: "G1-TG1" };
        const e = (await c.getTrunkGroup(key, profileCheck(key)).catch((x: Error) => x)) as Error;
        expect(e.message).to.match(/larger than 600 bytes/);
    });

    it("a delete is one request when no pilot is set (Odin's answer, the deleted profile, needs no lookup)", async () => {
        const made = await h.create(plan(PBX));
        const before = sim.requests().length;
        await h.delete(made.id, made.outs);
        expect(sim.requests().slice(before).map((r) => `${r.method} ${r.status}`)).to.deep.equal(["DELETE 200"]);
    });

    it("a DELETE answered 200 with an empty body is confirmed by one lookup: applied, it counts as deleted; not applied, it is sent again", async () => {
        const made = await h.create(plan(PBX));
        // A gateway that passes the DELETE on but drops Odin's answer: the lookup finds nothing, which is the goal.
        proxy.inject({ kind: "empty-200", method: "DELETE", path: "/groups/trunk-groups" });
        let before = sim.requests().length;
        await h.delete(made.id, made.outs);
        expect(trunks()).to.not.include("PBX A");
        expect(sim.requests().slice(before).map((r) => `${r.method} ${r.status}`)).to.deep.equal(["DELETE 200", "GET 404"]);
        // One that answers for Odin without passing it on: the trunk group is still there, so the DELETE goes again.
        const again = await h.create(plan(PBX));
        proxy.inject({ kind: "empty-200-delete", method: "DELETE", path: "/groups/trunk-groups" });
        before = sim.requests().length;
        await h.delete(again.id, again.outs);
        expect(trunks()).to.not.include("PBX A");
        expect(sim.requests().slice(before).map((r) => `${r.method} ${r.status}`)).to.deep.equal(["GET 200", "DELETE 200"]);
    });

    it(`a DELETE answered with an empty 200 every time while the trunk group stays fails after ${MAX_UNCONFIRMED_DELETES} attempts, naming what happened`, async () => {
        const made = await h.create(plan(PBX));
        proxy.inject({ kind: "empty-200-delete", method: "DELETE", path: "/groups/trunk-groups", count: MAX_UNCONFIRMED_DELETES });
        const e = (await h.delete(made.id, made.outs).catch((x: Error) => x)) as Error;
        expect(e.message).to.contain(
            `the DELETE of trunk group PBX A was answered 200 with an empty body (Odin answers with the deleted trunk group), but the trunk group still exists (after ${MAX_UNCONFIRMED_DELETES} attempts)`,
        );
        expect(e.message).to.contain("nothing was deleted, and Pulumi keeps it in the state");
        expect(trunks()).to.include("PBX A");
    });

    describe("a rename whose answer is lost", () => {
        it("is found under the new name when the PUT is repeated", async () => {
            const made = await h.create(plan(PBX));
            proxy.inject({ kind: "reset-after", method: "PUT" });
            const r = await h.update(made.id, made.outs, plan({ ...PBX, name: "PBX B" }));
            expect(r.outs).to.include({ name: "PBX B" });
            expect(trunks()).to.include("PBX B").and.not.include("PBX A");
        });

        it("with retries used up, the state keeps both names; read, update and delete find it under either", async () => {
            odinConfig(proxy.url, { "odin:maxRetries": "0" });
            const made = await h.create(plan(PBX));
            proxy.inject({ kind: "applied-502", method: "PUT" });
            const e = (await h.update(made.id, made.outs, plan({ ...PBX, name: "PBX B" })).catch((x: unknown) => x)) as Error & { id?: string; properties?: Props };
            expect(e.message).to.match(/HTTP 502.*Whether trunk group "PBX A" was renamed to "PBX B" is unknown, so Pulumi keeps both names in the state; the next `pulumi up` \(or `pulumi refresh`\) finds it under either/);
            expect(e.id).to.equal(made.id);
            expect(e.properties).to.include({ name: "PBX A", renamingTo: "PBX B" });
            expect(trunks()).to.include("PBX B");
            // refresh: found under the new name, the state follows it
            const read = await h.read(made.id, e.properties!);
            expect(read.id).to.equal(made.id);
            expect(read.props).to.include({ name: "PBX B", maxIncomingCalls: 3 }).and.not.have.property("renamingTo");
            // up: finishes the update from the half-made state
            const up = await h.update(made.id, e.properties!, plan({ ...PBX, name: "PBX B", maxActiveCalls: 6 }));
            expect(up.outs).to.include({ name: "PBX B", maxActiveCalls: 6 });
            // destroy: deletes it under the new name
            await h.delete(made.id, e.properties!);
            expect(trunks()).to.not.include("PBX B").and.not.include("PBX A");
        });

        it("a trunk group renamed while nothing could record it is not dropped when its hosted users are found under the new name", async () => {
            const read = await h.read("SP1/G1/G1-TG1", {});
            // What a provider host killed right after BroadWorks applied the rename leaves behind.
            const c = new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin" });
            const key = { serviceProviderId: "SP1", groupId: "G1", name: "G1-TG1" };
            await c.modifyTrunkGroup({ ...key, newName: "G1-TG1-NEW" }, profileCheck({ ...key, name: "G1-TG1-NEW" }, {}));
            const e = (await h.read(read.id!, read.props!).catch((x: Error) => x)) as Error;
            expect(e.message).to.match(/^Trunk group "G1-TG1" is no longer in group G1 of SP1, but trunk group "G1-TG1-NEW" now hosts its users: an interrupted `pulumi up` may have renamed it, so Pulumi does not drop it from the state\. If your program names it "G1-TG1-NEW", run `pulumi up`/);
            const d = (await h.delete(read.id!, read.props!).catch((x: Error) => x)) as Error;
            expect(d.message).to.match(/so Pulumi does not report it deleted\. .*run `pulumi up`: the update finds it under its new name, and `pulumi destroy` then deletes it/);
            // The next up with the program's new name finds it.
            const up = await h.update(read.id!, read.props!, { ...read.inputs!, name: "G1-TG1-NEW" });
            expect(up.outs).to.include({ name: "G1-TG1-NEW" });
        });

        it("a trunk group deleted outside Pulumi (its users gone with it) is still reported gone, and deleting it again succeeds", async () => {
            const made = await h.create(plan(PBX));
            await h.create(plan({ ...PBX, name: "PBX Twin" })); // the same settings under another name
            const c = new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin" });
            const key = { serviceProviderId: "SP1", groupId: "G2", name: "PBX A" };
            await c.deleteTrunkGroup(key, profileCheck(key));
            expect((await h.read(made.id, made.outs)).id).to.equal("");
            await h.delete(made.id, made.outs);
        });
    });
});

describe("Webex recovery from single faults, through the handlers and the fault proxy (issue 13)", function () {
    this.timeout(30_000);
    let sim: WebexSimulator;
    let proxy: FaultProxy;
    let locationId: string;
    beforeEach(async () => {
        sim = await startWebexSimulator();
        proxy = await startFaultProxy({ upstream: sim.url, seed: 6 });
        const values: Record<string, string> = { "webex:baseUrl": proxy.url, "webex:accessToken": "webex-test-token" };
        resetWebex({ get: (k: string) => values[k] });
        locationId = sim.state().locations[0].id;
    });
    afterEach(async () => {
        resetWebex();
        await proxy.close();
        await sim.close();
    });
    const LGW = () => checkInputs(WEBEX_TRUNK, {}, { name: "LGW 1", locationId, password: "Trunk-Pa55word#1", trunkType: "REGISTERING", dualIdentitySupportEnabled: true }).inputs;

    it("a POST delivered twice (the second copy answers 409) is recognised as ours: kept, created once", async () => {
        proxy.inject({ kind: "duplicate", method: "POST" });
        const r = await w.create(LGW());
        expect(sim.state().trunks).to.have.length(1);
        expect(r.id).to.equal(sim.state().trunks![0].id);
        expect(proxy.log().find((e) => e.fault === "duplicate")?.upstream).to.deep.equal([201, 409]);
    });

    it("a POST answered with another create's answer (another trunk's id) is not taken: the trunk is found by its name", async () => {
        const other = await w.create(checkInputs(WEBEX_TRUNK, {}, { name: "LGW Other", locationId, password: "Trunk-Pa55word#2", trunkType: "REGISTERING" }).inputs);
        proxy.inject({ kind: "other-object", method: "POST" });
        const r = await w.create(LGW());
        const mine = sim.state().trunks!.find((t) => t.name === "LGW 1")!;
        expect(r.id).to.equal(mine.id).and.not.equal(other.id);
        expect(r.outs).to.include({ name: "LGW 1", locationId });
        expect(sim.state().trunks).to.have.length(2);
        expect(proxy.stats().faults["other-object"]).to.equal(1);
    });

    for (const kind of ["empty-200", "null-200", "html-404", "html-200", "truncate", "empty-array", "wrong-type", "missing-field"] as FaultKind[]) {
        it(`a refresh whose GET meets "${kind}" keeps the trunk with its real values`, async () => {
            const made = await w.create(LGW());
            for (let i = 0; i < 3; i++) {
                proxy.inject({ kind, method: "GET", path: /^\/telephony\/config\/premisePstn\/trunks\/[^/]+$/ });
                const r = await w.read(made.id, made.outs);
                expect(r.id, kind).to.equal(made.id);
                expect(r.props).to.deep.equal(made.outs);
            }
        });
    }

    it("an update whose read-back meets a dropped field still records the value it wrote", async () => {
        const made = await w.create(LGW());
        // As the engine does, each update gets the outputs the previous one recorded.
        let outs = made.outs;
        for (let i = 0; i < 3; i++) {
            proxy.inject({ kind: "missing-field", method: "GET", path: /^\/telephony\/config\/premisePstn\/trunks\/[^/]+$/, after: 1 });
            const news = { ...LGW(), dualIdentitySupportEnabled: i % 2 === 1 };
            const r = await w.update(made.id, outs, news);
            outs = r.outs;
            expect(r.outs.dualIdentitySupportEnabled).to.equal(i % 2 === 1);
            expect(sim.state().trunks![0].dualIdentitySupportEnabled).to.equal(i % 2 === 1);
        }
    });

    it("a DELETE answered 200 instead of Webex's 204 while the trunk is still there (a gateway that swallowed a refusal) is sent again; every time, it fails", async () => {
        const made = await w.create(LGW());
        proxy.inject({ kind: "empty-200-delete", method: "DELETE" });
        await w.delete(made.id, made.outs);
        expect(sim.state().trunks).to.have.length(0);
        const other = await w.create(LGW());
        proxy.inject({ kind: "empty-200-delete", method: "DELETE", count: MAX_UNCONFIRMED_DELETES });
        const e = (await w.delete(other.id, other.outs).catch((x: Error) => x)) as Error;
        expect(e.message).to.contain(`the DELETE of trunk ${other.id} was answered 200 with an empty body (Webex answers with 204), but the trunk still exists (after ${MAX_UNCONFIRMED_DELETES} attempts)`);
        expect(sim.state().trunks).to.have.length(1);
        await w.delete(other.id, other.outs);
        expect(sim.state().trunks).to.have.length(0);
    });

    it("a proxy's 404 page on the DELETE is repeated; Webex's own 404 means gone", async () => {
        const made = await w.create(LGW());
        proxy.inject({ kind: "html-404", method: "DELETE" });
        await w.delete(made.id, made.outs);
        expect(sim.state().trunks).to.have.length(0);
        expect(sim.requests().filter((r) => r.method === "DELETE")).to.have.length(1);
        await w.delete(made.id, made.outs);
    });
});

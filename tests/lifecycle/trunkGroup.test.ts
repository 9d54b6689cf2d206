import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator } from "../../provider/simulator";
import { OdinClient } from "../../provider/odin/client";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, TG_TYPE, odinSeed, printedErrors, startOdin, tempDir, trunkGroup } from "../engine/fixtures";
import { requestsOf } from "../engine/hooks";
import { cleanEnv } from "../engine/hostProcess";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";
import { startFaultProxy } from "../faults/proxy";
import { MAX_UNCONFIRMED_DELETES } from "../../provider/http/confirmDelete";

/**
 * TrunkGroup as `pulumi preview/up/refresh/destroy` run it, through the test
 * engine (tests/engine) and the real dynamic-provider host, against the Odin
 * simulator. Every test has a stack of its own (trunk group names differ per
 * test); the first two read one shared stack that `before` applies once.
 */
describe("TrunkGroup through the test engine", function () {
    this.timeout(180_000);
    const SIP = "Pbx-A-Sip-Secret-9";
    /** Users of group G1, for trunk groups to host (BroadWorks makes a pilot one of its trunk group's hosted users). */
    const G1_USERS = ["g1.pilot@sp1.sim.example", "g1.alice@sp1.sim.example", "g1.bob@sp1.sim.example"];
    let sim: OdinSimulator;
    let dir: string;
    let n = 0;

    const newStack = (opts: { config?: Record<string, string>; hostEnv?: NodeJS.ProcessEnv } = {}) =>
        new OdinStack(sim, `${dir}/s${++n}`, {
            config: { "trunking-test:sip": SIP, "odin:maxRetries": "0", ...(opts.config ?? {}) },
            secretConfig: ["trunking-test:sip", "trunking-test:a", "trunking-test:b", "trunking-test:c"],
            ...(opts.hostEnv ? { hostEnv: opts.hostEnv } : {}),
        });
    /** A trunk group with SIP authentication, its password from the secret config key `sip`. */
    const authenticated = (name: string, args: Record<string, unknown> = {}) =>
        trunkGroup(name, { requireAuthentication: true, sipAuthenticationUserName: `${name}-user`, ...args }, { secrets: { sipAuthenticationPassword: "sip" } });
    const odinClient = () => new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });

    before(async () => {
        sim = await startOdin({ seed: odinSeed(G1_USERS) });
        dir = tempDir("tg-lifecycle");
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("a program of three TrunkGroups with SIP authentication, applied once", () => {
        let stack: OdinStack;
        let first: Awaited<ReturnType<OdinStack["engine"]["up"]>>;
        const PASSWORDS = { a: "Edge-A-Secret-1", b: "Edge-B-Secret-1", c: "Edge-C-Secret-1" };

        before(async () => {
            stack = newStack({ config: Object.fromEntries(Object.entries(PASSWORDS).map(([k, v]) => [`trunking-test:${k}`, v])) });
            stack.setResources(
                (["a", "b", "c"] as const).map((x, i) =>
                    trunkGroup(
                        `edge-${x}`,
                        { name: `Edge ${x.toUpperCase()}`, maxActiveCalls: 2 + i, requireAuthentication: true, sipAuthenticationUserName: `edge${x}` },
                        // A plain string (cfg.require): TrunkGroup makes it a secret anyway.
                        { plain: { sipAuthenticationPassword: x }, export: ["id", "name", "trunkGroupState", ...(x === "a" ? ["sipAuthenticationPassword"] : [])] },
                    ),
                ),
            );
            sim.clearRequests();
            first = await stack.engine.up();
        });

        it("up: one POST each with the declared values and BroadWorks' create defaults; ids, names and read-only outputs exported", () => {
            expect(first.changes).to.deep.equal({ create: 4 });
            expect(stack.writes().map((w) => w.method)).to.deep.equal(["POST", "POST", "POST"]);
            expect(["a", "b", "c"].map((x) => first.outputs[`edge-${x}.id`])).to.deep.equal(["SP1/G1/Edge%20A", "SP1/G1/Edge%20B", "SP1/G1/Edge%20C"]);
            expect(["a", "b", "c"].map((x) => first.outputs[`edge-${x}.name`])).to.deep.equal(["Edge A", "Edge B", "Edge C"]);
            expect(["a", "b", "c"].map((x) => first.outputs[`edge-${x}.trunkGroupState`])).to.deep.equal(["Available", "Available", "Available"]);
            expect(stack.trunkGroups()["Edge B"]).to.include({ maxActiveCalls: 3, requireAuthentication: true, sipAuthenticationUserName: "edgeb", sipAuthenticationPassword: PASSWORDS.b });
            expect(stack.engine.resource("edge-a")!.inputs).to.include({ invitationTimeout: 6, userLookupPolicy: "Basic", useSystemUserLookupPolicy: true });
            expect(stack.engine.resource("edge-a")!.outputs).to.include({ totalActiveIncomingCalls: 0, totalActiveOutgoingCalls: 0 });
        });

        it("the SIP password, given as a plain string, is a secret input, output and stack output; no credential is in the checkpoint", () => {
            const a = stack.engine.resource("edge-a")!;
            expect(a.secretInputs).to.include("sipAuthenticationPassword");
            expect(a.secretOutputs).to.include("sipAuthenticationPassword");
            expect(first.secretOutputs).to.deep.equal(["edge-a.sipAuthenticationPassword"]);
            expect(first.outputs["edge-a.sipAuthenticationPassword"]).to.equal(PASSWORDS.a);
            const text = stack.engine.stateText();
            for (const secret of [...Object.values(PASSWORDS), ODIN_PASSWORD]) {
                expect(text).not.to.contain(secret);
            }
            const provider = String(a.inputs.__provider);
            expect(provider).to.contain('require("pulumi-trunking/dynamic")');
            for (const banned of [ODIN_PASSWORD, ODIN_USER, sim.url, "axios"]) {
                expect(provider, banned).not.to.contain(banned);
            }
        });

        it("a second up of the same program changes nothing and writes nothing", async () => {
            sim.clearRequests();
            const s = await stack.engine.up({ expectNoChanges: true });
            expect(s.changes).to.deep.equal({ same: 4 });
            expect(stack.writes()).to.deep.equal([]);
        });
    });

    it("check refuses invalid inputs in a preview, naming each field and what is allowed, before any API call", async () => {
        const stack = newStack();
        stack.setResources([trunkGroup("bad", { maxActiveCalls: 0, userLookupPolicy: "Fast", maxActiveCall: 1 })]);
        sim.clearRequests();
        const s = await stack.engine.preview({ expectFailure: true });
        const text = printedErrors(s);
        expect(text).to.contain("maxActiveCall is not a TrunkGroup input; did you mean maxActiveCalls? (see TrunkGroupArgs for the allowed fields)");
        expect(text).to.contain("maxActiveCalls must be from 1 to 999999, got 0");
        expect(text).to.contain('userLookupPolicy must be one of "Basic", "Extended", got the string "Fast"');
        expect(sim.requests()).to.deep.equal([]);
    });

    it("in place: a rename is a PUT of its own (so a lost answer can be looked up under either name), then one sparse PUT of the new call limit; a rotated SIP password goes out with its user name; then nothing to do", async () => {
        const stack = newStack();
        stack.setResources([authenticated("upd")]);
        await stack.engine.up();

        sim.clearRequests();
        stack.setResources([authenticated("upd", { maxActiveCalls: 12, name: "UPD RENAMED" })]);
        const changed = await stack.engine.up();
        expect(changed.changes).to.deep.equal({ update: 1, same: 1 });
        expect(stack.writes().map((w) => [w.method, w.body])).to.deep.equal([
            ["PUT", { serviceProviderId: "SP1", groupId: "G1", name: "UPD", newName: "UPD RENAMED" }],
            ["PUT", { serviceProviderId: "SP1", groupId: "G1", name: "UPD RENAMED", maxActiveCalls: 12 }],
        ]);
        expect(stack.trunkGroups()).to.not.have.property("UPD");
        expect(stack.engine.resource("upd")!.outputs).to.include({ name: "UPD RENAMED", maxActiveCalls: 12 });

        sim.clearRequests();
        stack.engine.setConfig("trunking-test:sip", "Pbx-A-Sip-Secret-10", { secret: true });
        const rotated = await stack.engine.up();
        expect(rotated.changes).to.deep.equal({ update: 1, same: 1 });
        expect(stack.writes().map((w) => w.body)).to.deep.equal([
            { serviceProviderId: "SP1", groupId: "G1", name: "UPD RENAMED", sipAuthenticationUserName: "upd-user", sipAuthenticationPassword: "Pbx-A-Sip-Secret-10" },
        ]);
        expect(stack.trunkGroups()["UPD RENAMED"].sipAuthenticationPassword).to.equal("Pbx-A-Sip-Secret-10");
        expect(stack.engine.stateText()).not.to.contain("Pbx-A-Sip-Secret-10");

        sim.clearRequests();
        expect((await stack.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });
        expect(stack.writes()).to.deep.equal([]);
    });

    it("a groupId change replaces the trunk group: the new one is created first, then the old one deleted", async () => {
        const stack = newStack();
        stack.setResources([trunkGroup("mover")]);
        await stack.engine.up();
        sim.clearRequests();
        stack.setResources([trunkGroup("mover", { groupId: "G2" })]);
        const s = await stack.engine.up();
        expect(s.changes).to.deep.equal({ replace: 1, same: 1 });
        expect(requestsOf(s.requests, "diff")[0].response).to.deep.include({ replaces: ["groupId"], deleteBeforeReplace: false });
        expect(stack.writes().map((w) => `${w.method} ${(w.body as Record<string, unknown> | undefined)?.groupId ?? ""}`.trim())).to.deep.equal(["POST G2", "DELETE"]);
        expect(stack.trunkGroups("G1")).to.not.have.property("MOVER");
        expect(stack.trunkGroups("G2")).to.have.property("MOVER");
        expect(stack.engine.resource("mover")!.id).to.equal("SP1/G2/MOVER");
    });

    it("deleted outside Pulumi: its Delete succeeds once it left the program; refresh drops the other, which the next up creates again", async () => {
        const stack = newStack();
        stack.setResources([trunkGroup("gone-kept"), trunkGroup("gone-dropped")]);
        await stack.engine.up();
        for (const name of ["GONE-KEPT", "GONE-DROPPED"]) {
            const key = { serviceProviderId: "SP1", groupId: "G1", name };
            await odinClient().deleteTrunkGroup(key, profileCheck(key));
        }

        stack.setResources([trunkGroup("gone-kept")]);
        const dropped = await stack.engine.up();
        expect(dropped.changes).to.deep.equal({ same: 2, delete: 1 });
        expect(requestsOf(dropped.requests, "delete").map((r) => r.urn)).to.deep.equal([stack.engine.urn(TG_TYPE, "gone-dropped")]);

        const r = await stack.engine.refresh();
        expect(r.steps.find((x) => x.name === "gone-kept")!.detail).to.equal("delete");
        expect(stack.engine.resource("gone-kept")).to.equal(undefined);

        expect((await stack.engine.up()).changes).to.include({ create: 1 });
        expect(stack.trunkGroups()).to.have.property("GONE-KEPT");
    });

    describe("references BroadWorks does not know: an input error naming the field, never 'deleted outside Pulumi'", () => {
        // Each test's up is refused before anything changes, so the stack stays as `before` made it.
        let stack: OdinStack;
        const refs = (args: Record<string, unknown> = {}) => trunkGroup("refs", args);

        before(async () => {
            stack = newStack();
            stack.setResources([refs()]);
            await stack.engine.up();
        });

        it("an update naming an unknown access device or reroute target fails naming the field, and the trunk group stays as it was", async () => {
            const cases: [Record<string, unknown>, string][] = [
                [{ accessDevice: { deviceLevel: "Group", deviceName: "No Such SBC" } }, 'accessDevice: access device "No Such SBC" (Group level) not found'],
                [
                    { capacityExceededAction: "Reroute", capacityExceededRerouteTrunkGroupKey: { serviceProviderId: "SP1", groupId: "G1", name: "No Such TG" } },
                    "capacityExceededRerouteTrunkGroupKey: the trunk group to reroute to, SP1/G1/No Such TG, not found",
                ],
            ];
            for (const [change, reason] of cases) {
                stack.setResources([refs(change)]);
                const s = await stack.engine.up({ expectFailure: true });
                expect(s.errors.join("\n")).to.contain(reason).and.contain("The trunk group was not changed").and.not.contain("deleted outside Pulumi");
                expect(stack.trunkGroups().REFS).to.not.have.property("accessDevice");
                expect(stack.trunkGroups().REFS.capacityExceededAction).to.not.equal("Reroute");
                expect(stack.engine.resource("refs")!.outputs).to.include({ name: "REFS", maxActiveCalls: 5 });
            }
        });

        it("a create naming an unknown department fails naming the field, and nothing is created or kept", async () => {
            stack.setResources([refs(), trunkGroup("dept", { department: { name: "No Such Dept" } })]);
            const s = await stack.engine.up({ expectFailure: true });
            expect(s.errors.join("\n")).to.contain('department: department "No Such Dept" not found in group G1 or enterprise SP1. Nothing was created.');
            expect(stack.trunkGroups()).to.not.have.property("DEPT");
            expect(stack.engine.resource("dept")).to.equal(undefined);
        });
    });

    it("pilotUserId: on a create it is refused before any request but the check's capacity read; on an existing trunk group a user BroadWorks does not know, or one the trunk group does not host, is refused before the PUT; a hosted user becomes the pilot", async () => {
        const stack = newStack();
        const piloted = (pilotUserId?: string) => trunkGroup("piloted", pilotUserId ? { pilotUserId } : {});
        stack.setResources([piloted(G1_USERS[1])]);
        sim.clearRequests();
        const refused = await stack.engine.up({ expectFailure: true });
        expect(refused.errors.join("\n")).to.contain('pilotUserId: a trunk group\'s pilot user must be one of its hosted users, and trunk group "PILOTED" is being created').and.contain("Nothing was created");
        // Only check's read of the group's capacity (and the login it needs) went out.
        expect(sim.requests().map((r) => `${r.method} ${r.path}`)).to.deep.equal(["POST /auth/token", "GET /groups/trunk-groups/call-capacity"]);
        expect(stack.engine.resource("piloted")).to.equal(undefined);

        stack.setResources([piloted()]);
        await stack.engine.up();
        // An administrator hosts two of the group's users on it (this resource does not manage hosted users).
        const pilotedKey = { serviceProviderId: "SP1", groupId: "G1", name: "PILOTED" };
        await odinClient().modifyTrunkGroup({ ...pilotedKey, users: G1_USERS.slice(0, 2).map((userId) => ({ userId })) }, profileCheck(pilotedKey, {}));
        for (const pilot of ["nobody@sp1.sim.example", G1_USERS[2]]) {
            stack.setResources([piloted(pilot)]);
            sim.clearRequests();
            const s = await stack.engine.up({ expectFailure: true });
            expect(s.errors.join("\n"))
                .to.contain(`pilotUserId: user "${pilot}" is not a hosted user of trunk group "PILOTED" (it hosts "${G1_USERS[0]}", "${G1_USERS[1]}")`)
                .and.contain("The trunk group was not changed")
                .and.not.contain("deleted outside Pulumi");
            expect(stack.writes()).to.deep.equal([]);
        }

        stack.setResources([piloted(G1_USERS[1])]);
        await stack.engine.up();
        expect(stack.trunkGroups().PILOTED.pilotUserId).to.equal(G1_USERS[1]);
        expect(stack.engine.resource("piloted")!.outputs.pilotUserId).to.equal(G1_USERS[1]);
    });

    it("destroying a trunk group whose state shows a pilot user: the pilot is cleared first, then one DELETE, and no refusal is met", async () => {
        const stack = newStack();
        stack.setResources([trunkGroup("leaving")]);
        await stack.engine.up();
        const key = { serviceProviderId: "SP1", groupId: "G1", name: "LEAVING" };
        await odinClient().modifyTrunkGroup({ ...key, users: [{ userId: G1_USERS[0] }] }, profileCheck(key, {}));
        stack.setResources([trunkGroup("leaving", { pilotUserId: G1_USERS[0] })]);
        await stack.engine.up();
        expect(stack.engine.resource("leaving")!.outputs.pilotUserId).to.equal(G1_USERS[0]);
        sim.clearRequests();
        await stack.engine.destroy();
        const writes = sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
        expect(writes.map((r) => [r.method, r.body ?? r.query, r.status])).to.deep.equal([
            ["PUT", { ...key, pilotUserId: null }, 200],
            ["DELETE", key, 200],
        ]);
        expect(stack.trunkGroups()).to.not.have.property("LEAVING");
        expect(stack.engine.resources()).to.deep.equal([]);
    });

    it("a DELETE answered 200 with an empty body while the trunk group still exists (a gateway that swallowed a refusal), every time, fails the destroy and keeps it in state; the next destroy deletes it", async () => {
        const proxy = await startFaultProxy({ upstream: sim.url });
        try {
            const stack = newStack({ config: { "odin:baseUrl": proxy.url } });
            stack.setResources([trunkGroup("swallowed")]);
            await stack.engine.up();
            proxy.inject({ kind: "empty-200-delete", method: "DELETE", path: "/groups/trunk-groups", count: MAX_UNCONFIRMED_DELETES });
            const failed = await stack.engine.destroy({ expectFailure: true });
            expect(failed.errors.join("\n"))
                .to.contain("the DELETE of trunk group SWALLOWED was answered 200 with an empty body (Odin answers with the deleted trunk group), but the trunk group still exists")
                .and.contain("nothing was deleted, and Pulumi keeps it in the state");
            expect(stack.trunkGroups()).to.have.property("SWALLOWED");
            expect(stack.engine.resource("swallowed")!.id).to.equal("SP1/G1/SWALLOWED");

            await stack.engine.destroy();
            expect(stack.trunkGroups()).to.not.have.property("SWALLOWED");
            expect(stack.engine.resources()).to.deep.equal([]);
        } finally {
            await proxy.close();
        }
    });

    it("a DELETE answered 404 while the trunk group's own lookup still finds it is no deletion: destroy fails and keeps it in state; the next destroy deletes it", async () => {
        const stack = newStack();
        stack.setResources([trunkGroup("stubborn")]);
        await stack.engine.up();
        sim.setFaults([{ kind: "status", status: 404, method: "DELETE", path: "/groups/trunk-groups", count: 1 }]);
        try {
            const failed = await stack.engine.destroy({ expectFailure: true });
            expect(failed.errors.join("\n")).to.contain("DELETE /api/v2/groups/trunk-groups failed: HTTP 404");
        } finally {
            sim.setFaults([]);
        }
        expect(stack.trunkGroups()).to.have.property("STUBBORN");
        expect(stack.engine.resource("stubborn")!.id).to.equal("SP1/G1/STUBBORN");

        await stack.engine.destroy();
        expect(stack.trunkGroups()).to.not.have.property("STUBBORN");
        expect(stack.engine.resources()).to.deep.equal([]);
    });

    it("missing connection settings are named, with their environment variables", async () => {
        const stack = newStack();
        for (const key of ["odin:baseUrl", "odin:username", "odin:password"]) {
            stack.engine.removeConfig(key);
        }
        stack.setResources([trunkGroup("unset")]);
        const s = await stack.engine.up({ expectFailure: true });
        expect(s.errors.join("\n")).to.contain("Odin connection settings missing: odin:baseUrl (or ODIN_BASE_URL)");
        expect(stack.trunkGroups()).to.not.have.property("UNSET");
    });

    it("falls back to the ODIN_* environment variables of the provider host, for up and destroy alike", async () => {
        const stack = newStack({ hostEnv: { ...cleanEnv(process.env), ODIN_BASE_URL: sim.url, ODIN_USERNAME: ODIN_USER, ODIN_PASSWORD } });
        for (const key of ["odin:baseUrl", "odin:username", "odin:password"]) {
            stack.engine.removeConfig(key);
        }
        stack.setResources([trunkGroup("env")]);
        await stack.engine.up();
        expect(stack.trunkGroups()).to.have.property("ENV");
        await stack.engine.destroy();
        expect(stack.trunkGroups()).to.not.have.property("ENV");
        expect(stack.engine.hostOutput()).not.to.contain(ODIN_PASSWORD);
    });

    it("issue 11 defect 3: after SIP authentication is removed from the program, the next up settles (BroadWorks stops reporting the user name)", async () => {
        const stack = newStack();
        stack.setResources([authenticated("auth")]);
        await stack.engine.up();

        sim.clearRequests();
        stack.setResources([trunkGroup("auth")]);
        const removed = await stack.engine.up();
        expect(removed.changes).to.deep.equal({ update: 1, same: 1 });
        expect(stack.writes().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", groupId: "G1", name: "AUTH", requireAuthentication: false }]);
        expect(stack.engine.resource("auth")!.outputs).to.include({ requireAuthentication: false, sipAuthenticationUserName: null });

        // `pulumi up --expect-no-changes` in a pipeline.
        const again = await stack.engine.up({ expectNoChanges: true, allowFailure: true });
        expect(again.errors).to.deep.equal([]);
        expect(again.changes).to.deep.equal({ same: 2 });

        // Turning it back on sends the switch with both credentials.
        sim.clearRequests();
        stack.setResources([authenticated("auth")]);
        await stack.engine.up();
        expect(stack.writes().map((w) => w.body)).to.deep.equal([
            { serviceProviderId: "SP1", groupId: "G1", name: "AUTH", requireAuthentication: true, sipAuthenticationUserName: "auth-user", sipAuthenticationPassword: SIP },
        ]);
    });
});

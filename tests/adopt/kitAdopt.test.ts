import { expect } from "chai";
import { ADOPT_INPUT, AdoptSteps, adoptExisting, adoptSettingProblem, adoptionDifferences, adoptionOf } from "../../provider/kit/adopt";
import { checkInputs } from "../../provider/kit/check";
import { diffInputs } from "../../provider/kit/diff";
import type { FieldTable, ResourceSchema } from "../../provider/kit/schema";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";

/** The kit's adoption without a server: settings, comparison, the two modes against a scripted object. */

interface Thing {
    name: string;
    size?: number;
    colour?: string;
    secret?: string;
    home?: string;
    owner?: { team: string; site?: string };
}

const FIELDS: FieldTable<Thing> = {
    name: { kind: "string", required: true, identity: true },
    size: { kind: "integer", min: 1, createDefault: 3 },
    colour: { kind: "string", nullable: true },
    secret: { kind: "string", secret: true, writeOnly: true },
    home: { kind: "string", replaceOnChange: true },
    owner: { kind: "object", fields: { team: { kind: "string", required: true }, site: { kind: "string" } } },
};
const THING: ResourceSchema<Thing> = { kind: "t:Thing", title: "Thing", api: "ThingAPI", fields: FIELDS, outputs: {}, answer: { noun: "thing", object: "thing", always: [] } };

function scripted(server: Record<string, unknown> | undefined, declared: Partial<Thing>) {
    const applied: string[][] = [];
    const logs: string[] = [];
    const steps: AdoptSteps<Thing, Record<string, unknown>> = {
        schema: THING,
        what: 'Thing "A"',
        declared,
        find: async () => server,
        reported: (found) => found,
        apply: async (_found, fields) => {
            applied.push(fields);
        },
        log: (_level, message) => logs.push(message),
    };
    return { steps, applied, logs };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected a rejection");
}

describe("adopt (kit): settings", () => {
    const none = () => undefined;

    it("the resource's own input wins; false switches the stack's config off for that resource", () => {
        const config = (k: string) => (k === "odin:adoptExisting" ? "true" : undefined);
        expect(adoptionOf({ [ADOPT_INPUT]: "apply" }, "odin", config)).to.deep.equal({ mode: "apply" });
        expect(adoptionOf({ [ADOPT_INPUT]: false }, "odin", config)).to.equal(undefined);
        expect(adoptionOf({}, "odin", config)).to.deep.equal({ mode: "match" });
        expect(adoptionOf({}, "webex", config)).to.equal(undefined);
        expect(adoptionOf({}, "odin", none)).to.equal(undefined);
        expect(adoptionOf({ [ADOPT_INPUT]: { id: "T1" } }, "webex", none)).to.deep.equal({ mode: "match", id: "T1" });
        expect(adoptionOf({ [ADOPT_INPUT]: { id: "T1", apply: true } }, "webex", none)).to.deep.equal({ mode: "apply", id: "T1" });
    });

    it("the stack config takes true, false and apply, as `pulumi config set` writes them; anything else names the key", () => {
        for (const [text, want] of [["true", { mode: "match" }], ["TRUE", { mode: "match" }], ["apply", { mode: "apply" }], ["false", undefined]] as const) {
            expect(adoptionOf({}, "webex", () => text)).to.deep.equal(want);
        }
        expect(() => adoptionOf({}, "webex", () => "yes")).to.throw('stack config webex:adoptExisting must be true, false or apply, got "yes"');
    });

    it("check keeps the input for create, refuses a wrong value naming the field and what is allowed, and never judges an unknown", () => {
        const ok = checkInputs(TRUNK_GROUP, {}, { serviceProviderId: "SP1", groupId: "G1", name: "A", maxActiveCalls: 1, adoptExisting: true });
        expect(ok.failures).to.deep.equal([]);
        expect(ok.inputs.adoptExisting).to.equal(true);
        const bad = checkInputs(TRUNK_GROUP, {}, { serviceProviderId: "SP1", groupId: "G1", name: "A", maxActiveCalls: 1, adoptExisting: "yes" });
        expect(bad.failures).to.deep.equal([{ property: "adoptExisting", reason: 'adoptExisting must be true, false or "apply", got "yes"' }]);
        expect(adoptSettingProblem(TRUNK_GROUP, { id: "SP1/G1/A" })).to.contain("a TrunkGroup is found by its serviceProviderId, groupId and name, not by an id");
        expect(adoptSettingProblem(WEBEX_TRUNK, { id: "" })).to.equal("adoptExisting.id must be a Webex trunk id, a non-empty string");
        expect(adoptSettingProblem(WEBEX_TRUNK, { id: "T", force: true })).to.equal("adoptExisting.force is not allowed (allowed: id, apply)");
        expect(adoptSettingProblem(WEBEX_TRUNK, "04da6b54-80e4-46f7-96ec-b56ff0331ba9")).to.equal(undefined);
    });

    it("the flag is never a change: diff ignores it whatever it becomes", () => {
        const olds = { serviceProviderId: "SP1", groupId: "G1", name: "A", maxActiveCalls: 1 };
        for (const v of [true, false, "apply", undefined]) {
            expect(diffInputs(TRUNK_GROUP, olds, { ...olds, adoptExisting: v }).changes).to.equal(false);
        }
    });
});

describe("adopt (kit): comparing and adopting", () => {
    it("compares every declared field, a value the server lacks included; unreported sub-keys and write-only fields are not judged", () => {
        const d = adoptionDifferences(THING, { name: "A", size: 3, colour: "red", secret: "s", owner: { team: "x", site: "y" } }, { name: "A", size: 4, owner: { team: "x" } });
        expect(d).to.deep.equal([
            { field: "size", have: 4, want: 3 },
            { field: "colour", have: null, want: "red" },
        ]);
    });

    it("Odin's numbers for numeric-looking strings are no difference", () => {
        const declared = { serviceProviderId: "SP1", groupId: "G1", name: "100", maxActiveCalls: 5, prefix: "0044", otgDtgIdentity: "123" };
        const reported = { serviceProviderId: "SP1", groupId: "G1", name: 100, maxActiveCalls: 5, prefix: "0044", otgDtgIdentity: 123 };
        expect(adoptionDifferences(TRUNK_GROUP, declared, reported)).to.deep.equal([]);
    });

    it("no object: answers undefined so the caller creates it", async () => {
        const s = scripted(undefined, { name: "A" });
        expect(await adoptExisting({ mode: "match" }, s.steps)).to.equal(undefined);
    });

    it("an object named by id that is not there is an error, never a create", async () => {
        const s = scripted(undefined, { name: "A" });
        const e = await rejection(adoptExisting({ mode: "match", id: "T9" }, s.steps));
        expect(e.message).to.contain('there is no Thing with id "T9" to adopt, so nothing was created or changed');
    });

    it("default mode: a match is adopted with no update; a declared write-only secret is said to be unread and is reported unverified", async () => {
        const s = scripted({ name: "A", size: 3 }, { name: "A", size: 3, secret: "pw" });
        const r = await adoptExisting({ mode: "match" }, s.steps);
        expect(r).to.deep.equal({ found: { name: "A", size: 3 }, updated: false, unverified: ["secret"] });
        expect(s.applied).to.deep.equal([]);
        expect(s.logs.join("\n")).to.contain("secret cannot be read from ThingAPI, so it was not compared and is not sent").and.not.contain("pw");
    });

    it("default mode: a difference fails before any update, naming each field with both values, a default said to be one", async () => {
        const s = scripted({ name: "A", size: 5, colour: "blue" }, { name: "A", size: 3, colour: "red", secret: "pw" });
        const e = await rejection(adoptExisting({ mode: "match" }, s.steps));
        expect(s.applied).to.deep.equal([]);
        expect(e.message).to.equal(
            'Thing "A" already exists but differs from the program, so it was not adopted and nothing was changed:\n' +
                "  - size: ThingAPI has 5, the program declares 3 (the value Thing fills in when the field is left out)\n" +
                '  - colour: ThingAPI has "blue", the program declares "red"\n' +
                'Declare the values it has today (`trunking-discover` writes them), or set adoptExisting: "apply" to give it the program\'s values with one update. ' +
                'secret cannot be read from ThingAPI, so it was not compared and is not sent: the object keeps its current value until the program changes it, or set adoptExisting: "apply" to send it now.',
        );
        expect(e.message).to.not.contain("pw");
    });

    it("applying mode: one update with the differing fields (the write-only secret goes with it); nothing to apply, no update", async () => {
        const s = scripted({ name: "A", size: 5, colour: "red" }, { name: "A", size: 3, colour: "red", secret: "pw" });
        const r = await adoptExisting({ mode: "apply" }, s.steps);
        expect(s.applied).to.deep.equal([["size"]]);
        expect(r!.updated).to.equal(true);
        expect(r!.unverified).to.deep.equal([]);
        const same = scripted({ name: "A", size: 3 }, { name: "A", size: 3 });
        expect((await adoptExisting({ mode: "apply" }, same.steps))!.updated).to.equal(false);
        expect(same.applied).to.deep.equal([]);
    });

    it("applying mode: a field the API cannot change in place is refused before any update", async () => {
        const s = scripted({ name: "A", home: "x", size: 9 }, { name: "A", home: "y", size: 3 });
        const e = await rejection(adoptExisting({ mode: "apply" }, s.steps));
        expect(s.applied).to.deep.equal([]);
        expect(e.message).to.contain("ThingAPI cannot change home in place").and.contain('home: ThingAPI has "x", the program declares "y"').and.not.contain("size:");
    });
});

import { expect } from "chai";
import { checkInputs } from "../../provider/kit/check";
import { diffInputs } from "../../provider/kit/diff";
import { resourceHandlers } from "../../provider/kit/handlers";
import { FieldTable, ResourceSchema, UNKNOWN, typedInputs } from "../../provider/kit/schema";

/**
 * A resource the package does not have, built the way the README says a third
 * one is: a field table, its rules, its CRUD. Everything else (validation,
 * plans, secrets, errors, settings) comes from the kit.
 */
interface DialPeerInputs {
    site: string;
    tag: number;
    mode?: "voip" | "pots";
    target?: string | null;
    port?: number;
    maxCalls?: number;
    burst?: number;
    secret?: string;
    codec?: { name: string; ptime?: number } | null;
}

const FIELDS: FieldTable<DialPeerInputs> = {
    site: { kind: "string", min: 1, max: 10, required: true, identity: true, replaceOnChange: true },
    tag: { kind: "integer", min: 1, max: 9999, required: true },
    mode: { kind: "enum", values: ["voip", "pots"], createDefault: "voip" },
    target: { kind: "string", min: 1, max: 40, nullable: true, resetTo: null, requiredWhen: { field: "mode", is: "voip" } },
    port: { kind: "integer", min: 1, max: 65535, onlyWhen: { field: "mode", is: "pots" } },
    maxCalls: { kind: "integer", min: 1, max: 100, createDefault: 10, resetTo: 10 },
    burst: { kind: "integer", min: 0, max: 100, atMost: "maxCalls" },
    secret: { kind: "string", min: 4, max: 30, secret: true, writeOnly: true },
    codec: { kind: "object", nullable: true, fields: { name: { kind: "enum", values: ["g711", "g729"], required: true }, ptime: { kind: "integer", min: 10, max: 60 } } },
};

const DIAL_PEER: ResourceSchema<DialPeerInputs> = {
    kind: "cube:DialPeer",
    title: "DialPeer",
    api: "CUBE",
    fields: FIELDS,
    outputs: { state: { kind: "string" } },
    answer: { noun: "dial peer", object: "dial peer", always: ["tag"] },
    notInputs: { id: "the id is the site and tag; set those" },
};

const check = (olds: unknown, news: unknown) => checkInputs(DIAL_PEER, olds, news);
const reasons = (news: unknown, olds: unknown = {}) => check(olds, news).failures.map((f) => f.reason);
const base = { site: "HQ", tag: 100, target: "sbc.example.com" };

describe("kit: a third resource from its declaration: a field table, its rules and its CRUD", () => {
    describe("check from the table", () => {
        it("fills create defaults and passes __provider through", () => {
            expect(check({}, { ...base, __provider: "text" })).to.deep.equal({
                inputs: { ...base, __provider: "text", mode: "voip", maxCalls: 10 },
                failures: [],
            });
        });

        it("names the field and what is allowed for each kind", () => {
            expect(reasons({ ...base, site: "" })).to.deep.equal(["site must not be empty (1 to 10 characters)"]);
            expect(reasons({ ...base, tag: "100" })).to.deep.equal(['tag must be an integer from 1 to 9999, got the string "100" (a number, not a string)']);
            expect(reasons({ ...base, tag: 0 })).to.deep.equal(["tag must be from 1 to 9999, got 0"]);
            expect(reasons({ ...base, mode: "VOIP" })).to.deep.equal(['mode must be one of "voip", "pots", got the string "VOIP" (did you mean "voip"?)']);
            expect(reasons({ ...base, codec: { name: "g722" } })[0]).to.match(/^codec\.name must be one of "g711", "g729"/);
            expect(reasons({ ...base, codec: { nmae: "g711" } })).to.deep.equal(["codec.nmae is not allowed (allowed: name, ptime); did you mean name?"]);
        });

        it("required, requiredWhen, onlyWhen and atMost come from the table", () => {
            expect(reasons({ site: "HQ" })).to.deep.equal(["tag is required: an integer from 1 to 9999", "target is required when mode is \"voip\""]);
            expect(reasons({ ...base, port: 5060 })).to.deep.equal(['port is only used when mode is "pots"; set mode: "pots" or remove port']);
            expect(reasons({ ...base, mode: "pots", port: 5060 })).to.deep.equal([]);
            expect(reasons({ ...base, maxCalls: 5, burst: 6 })).to.deep.equal(["burst (6) cannot exceed maxCalls (5)"]);
        });

        it("unknown keys, outputs and known look-alikes have one wording each", () => {
            expect(reasons({ ...base, tga: 1 })).to.deep.equal(["tga is not a DialPeer input; did you mean tag? (see DialPeerArgs for the allowed fields)"]);
            expect(reasons({ ...base, state: "up" })).to.deep.equal(["state is read-only: CUBE sets it, so it is an output, not an input; remove it from the inputs"]);
            expect(reasons({ ...base, state: undefined })).to.deep.equal([]);
            expect(reasons({ ...base, id: "x" })).to.deep.equal(["id is not a DialPeer input: the id is the site and tag; set those"]);
        });

        it("never shows a secret's value", () => {
            const r = reasons({ ...base, secret: 12345678 }).join();
            expect(r).to.equal("secret must be a string of 4 to 30 characters, got a number");
        });

        it("a removed field goes back to its resetTo; unknown values are not judged", () => {
            expect(check({ ...base, maxCalls: 50, target: "x" }, { site: "HQ", tag: 100, mode: "pots" }).inputs).to.include({ maxCalls: 10, target: null });
            expect(reasons({ ...base, tag: UNKNOWN, mode: UNKNOWN, port: 5060 })).to.deep.equal([]);
        });
    });

    describe("diff from the table", () => {
        const diff = (olds: unknown, news: unknown) => diffInputs(DIAL_PEER, olds, news);
        const olds = check({}, base).inputs;

        it("replaces on identity, updates the rest, and ignores what the program does not set", () => {
            expect(diff({ ...olds, state: "up", extra: 1 }, olds)).to.include({ changes: false });
            expect(diff(olds, { ...olds, site: "BR" })).to.deep.equal({ changes: true, changedKeys: ["site"], replaces: ["site"], deleteBeforeReplace: false });
            expect(diff(olds, { ...olds, tag: 101 }).replaces).to.deep.equal([]);
            expect(diff({ ...olds, tag: "100" }, olds).changes).to.equal(false); // numbers answered as text
        });

        it("a write-only value the outputs lack claims no change; an unknown one always does", () => {
            expect(diff(olds, { ...olds, secret: "abcd" }).changes).to.equal(false);
            expect(diff({ ...olds, secret: "abcd" }, { ...olds, secret: "efgh" }).changedKeys).to.deep.equal(["secret"]);
            expect(diff(olds, { ...olds, secret: UNKNOWN }).changedKeys).to.deep.equal(["secret"]);
        });

        it("objects compare on the keys the program gave", () => {
            expect(diff({ ...olds, codec: { name: "g711", ptime: 20, vad: true } }, { ...olds, codec: { name: "g711" } }).changes).to.equal(false);
            expect(diff({ ...olds, codec: { name: "g711" } }, { ...olds, codec: { name: "g729" } }).changedKeys).to.deep.equal(["codec"]);
        });
    });

    describe("handlers from the CRUD", () => {
        const store = new Map<string, Record<string, unknown>>();
        const connects: string[] = [];
        const peer = resourceHandlers<DialPeerInputs, { token: string }>({
            schema: DIAL_PEER,
            api: {
                tag: "cube",
                connect(config, secrets) {
                    const token = config?.get("cube:token");
                    if (!token) {
                        throw new Error("cube:token is not set");
                    }
                    secrets.add(token);
                    connects.push(token);
                    return { token };
                },
            },
            async create(s, inputs) {
                const { token } = s.api();
                if (inputs.target === "refuse") {
                    throw new Error(`CUBE refused ${inputs.site} with token ${token} and secret ${inputs.secret}`);
                }
                const id = `${inputs.site}/${inputs.tag}`;
                store.set(id, { ...inputs, state: "up" });
                return { id, outs: { ...inputs, state: "up" } };
            },
            async read(s, id) {
                s.api();
                const found = store.get(id);
                return found ? { id, props: found } : { id: "", props: {} };
            },
            async update(s, { id, news }) {
                s.api();
                store.set(id, { ...news, state: "up" });
                return { outs: { ...news, state: "up" } };
            },
            async delete(s, id) {
                s.api();
                store.delete(id);
            },
        });

        beforeEach(() => {
            store.clear();
            connects.length = 0;
        });
        afterEach(() => peer.resetForTests());

        it("checks with no settings at all, and builds the client once, on first use, from configure", async () => {
            const h = peer.handlers;
            const checked = await h.check({}, { ...base, secret: "Peer-Secret-1" });
            expect(checked.failures).to.deep.equal([]);
            await h.configure({ config: { get: (k: string) => (k === "cube:token" ? "Tok-123456" : undefined) } } as never);
            const created = await h.create(checked.inputs);
            expect(created.id).to.equal("HQ/100");
            await h.update(created.id, created.outs, { ...checked.inputs, maxCalls: 20 });
            expect((await h.read(created.id, created.outs)).props).to.include({ maxCalls: 20 });
            await h.delete(created.id, created.outs);
            expect(store.size).to.equal(0);
            expect(connects).to.deep.equal(["Tok-123456"]);
        });

        it("every error leaves as a plain Error with the token and the inputs' secrets scrubbed", async () => {
            const h = peer.handlers;
            const missing = await h.create({ ...base, target: "refuse" }).catch((e: Error) => e);
            expect(missing).to.be.instanceOf(Error).with.property("message", "cube:token is not set");
            await h.configure({ config: { get: () => "Tok-654321" } } as never);
            const e = (await h.create({ ...base, mode: "voip", target: "refuse", secret: "Peer-Secret-2" }).catch((x: Error) => x)) as Error;
            expect(e.message).to.equal("CUBE refused HQ with token [redacted] and secret [redacted]");
        });

        it("hands the CRUD typed inputs: fields only, null only where it clears a value", () => {
            expect(typedInputs(DIAL_PEER, { site: "HQ", tag: 1, target: null, port: null, bogus: 1, __provider: "text" })).to.deep.equal({ site: "HQ", tag: 1, target: null });
        });

        it("create refuses inputs that skipped check instead of sending them", async () => {
            await peer.handlers.configure({ config: { get: () => "Tok-111111" } } as never);
            const e = (await peer.handlers.create({ site: "HQ" }).catch((x: Error) => x)) as Error;
            expect(e.message).to.equal("DialPeer input tag is missing (an integer from 1 to 9999); run `pulumi preview` to see what check reports");
        });
    });
});

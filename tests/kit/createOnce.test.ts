import { expect } from "chai";
import { ApiError } from "../../provider/http/errors";
import { CreateOnceSteps, MAX_CREATE_POSTS, createOnce } from "../../provider/kit/createOnce";

/**
 * createOnce against a fake API whose answers are scripted per POST, and a
 * store the lookup reads: what a real server would have applied.
 */
interface Obj {
    id: string;
    name: string;
    size: number;
}

/** `appliedLate`: the previous POST, thought lost, lands now, so this one is refused as a duplicate. */
type Answer = "ok" | "lostAfterApply" | "lostBeforeApply" | "alreadyExists" | "appliedLate" | "refused";

function fakeApi(answers: Answer[], opts: { store?: Obj[]; lookupFails?: boolean } = {}) {
    const store: Obj[] = opts.store ?? [];
    const calls: string[] = [];
    const logs: string[] = [];
    const sent: Obj = { id: "", name: "A", size: 3 };
    const apiError = (over: Partial<ConstructorParameters<typeof ApiError>[0]>) =>
        new ApiError({ api: "Fake", method: "POST", path: "/objects", attempts: 1, ...over });
    const steps: CreateOnceSteps<Obj, Obj> = {
        what: 'Object "A"',
        async post() {
            calls.push("POST");
            const answer = answers.shift() ?? "ok";
            if (answer === "refused") {
                throw apiError({ status: 400, apiMessage: "bad size" });
            }
            if (answer === "appliedLate") {
                store.push({ ...sent, id: `ID${store.length + 1}` });
            }
            if (answer === "alreadyExists" || answer === "appliedLate") {
                throw apiError({ status: 409, apiMessage: "already exists" });
            }
            if (answer === "lostBeforeApply") {
                throw apiError({ networkError: "ECONNRESET", ambiguous: true });
            }
            const made = { ...sent, id: `ID${store.length + 1}` };
            store.push(made);
            if (answer === "lostAfterApply") {
                throw apiError({ networkError: "ECONNRESET", ambiguous: true });
            }
            return made;
        },
        async find() {
            calls.push("FIND");
            if (opts.lookupFails) {
                throw new Error("lookup timed out");
            }
            return store.find((o) => o.name === sent.name);
        },
        differences: (found) => (found.size === sent.size ? [] : ["size"]),
        idOf: (found) => found.id,
        adoptHint: "add `adoptExisting: true` to take it over.",
        isAlreadyExists: (e) => e instanceof ApiError && e.status === 409,
        unconfirmed: (message) => Object.assign(new Error(message), { kept: true }),
        log: (_level, message) => logs.push(message),
    };
    return { steps, store, calls, logs };
}

async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
    try {
        await p;
    } catch (e) {
        return e as Error & Record<string, unknown>;
    }
    throw new Error("expected a rejection");
}

describe("kit createOnce: a POST whose fate is unknown", () => {
    it("a clear success is one POST and no lookup", async () => {
        const api = fakeApi(["ok"]);
        expect(await createOnce(api.steps)).to.deep.equal({ posted: { id: "ID1", name: "A", size: 3 }, posts: 1 });
        expect(api.calls).to.deep.equal(["POST"]);
    });

    it("applied but the answer was lost: found by identity, matching what was sent, so it is ours", async () => {
        const api = fakeApi(["lostAfterApply"]);
        expect(await createOnce(api.steps)).to.deep.equal({ found: { id: "ID1", name: "A", size: 3 }, posts: 1 });
        expect(api.calls).to.deep.equal(["POST", "FIND"]);
        expect(api.store).to.have.length(1);
    });

    it("not applied: sent again only after the lookup proves it absent", async () => {
        const api = fakeApi(["lostBeforeApply", "ok"]);
        expect(await createOnce(api.steps)).to.include({ posts: 2 });
        expect(api.calls).to.deep.equal(["POST", "FIND", "POST"]);
        expect(api.store).to.have.length(1);
        expect(api.logs.join()).to.contain("was not applied").and.contain("sending it again");
    });

    it(`gives up after ${MAX_CREATE_POSTS} POSTs that were never applied, saying nothing needs cleaning up`, async () => {
        const api = fakeApi(["lostBeforeApply", "lostBeforeApply", "lostBeforeApply", "ok"]);
        const e = await rejection(createOnce(api.steps));
        expect(e).to.be.instanceOf(ApiError);
        expect(e.ambiguous).to.equal(false);
        expect(e.message).to.contain(`Not applied: Object "A" does not exist after ${MAX_CREATE_POSTS} POSTs, so nothing needs cleaning up; run again later`);
        expect(api.calls.filter((c) => c === "POST")).to.have.length(MAX_CREATE_POSTS);
        expect(api.store).to.have.length(0);
    });

    it("an 'already exists' after an unknown fate is our own earlier POST when the object matches", async () => {
        const api = fakeApi(["lostBeforeApply", "appliedLate"]);
        expect(await createOnce(api.steps)).to.deep.equal({ found: { id: "ID1", name: "A", size: 3 }, posts: 2 });
        expect(api.calls).to.deep.equal(["POST", "FIND", "POST", "FIND"]);
        expect(api.store).to.have.length(1);
    });

    it("an 'already exists' without an unknown fate before it is the caller's to explain", async () => {
        const api = fakeApi(["alreadyExists"], { store: [{ id: "OTHER", name: "A", size: 3 }] });
        const e = await rejection(createOnce(api.steps));
        expect(e).to.be.instanceOf(ApiError);
        expect(e.status).to.equal(409);
        expect(api.calls).to.deep.equal(["POST"]);
    });

    it("an object found that differs from what was sent is not adopted; the error names the field and the id", async () => {
        const api = fakeApi(["lostBeforeApply"], { store: [{ id: "OTHER", name: "A", size: 99 }] });
        const e = await rejection(createOnce(api.steps));
        expect(e.message).to.equal(
            'Object "A" exists (id OTHER) but its size differs from what this program sent, so it was not created by this run. ' +
                "Choose another name, or: add `adoptExisting: true` to take it over.",
        );
    });

    it("when the lookup fails too, the resource decides what to throw, told what happened", async () => {
        const api = fakeApi(["lostAfterApply"], { lookupFails: true });
        const e = await rejection(createOnce(api.steps));
        expect(e.kept).to.equal(true);
        expect(e.message).to.contain('Object "A" may have been created (the POST got no clear answer: Fake API POST /objects failed: no response (ECONNRESET)');
        expect(e.message).to.contain("looking it up failed too (lookup timed out)");
        expect(api.calls).to.deep.equal(["POST", "FIND"]);
    });

    it("any other failure is thrown unchanged after one POST", async () => {
        const api = fakeApi(["refused"]);
        const e = await rejection(createOnce(api.steps));
        expect(e.message).to.contain("HTTP 400 — bad size");
        expect(api.calls).to.deep.equal(["POST"]);
    });
});

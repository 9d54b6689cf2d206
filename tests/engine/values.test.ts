import { expect } from "chai";
import { StateCrypter } from "./secrets";
import { OUTPUT_SIG, SECRET_SIG, SIG_KEY, UNKNOWN, annotateSecrets, forProvider, fromProgram, inputsDiffer, makeSecret, processIgnoreChanges } from "./values";

/** The engine's value rules, without processes: each against the Go function it follows. */
describe("test engine: property values", () => {
    describe("processIgnoreChanges / PropertyPath.Reset", () => {
        it("copies the old input into the new inputs at the path, or removes it when the old inputs lack it", () => {
            const { inputs, invalid } = processIgnoreChanges({ a: 2, b: 9, c: 1 }, { a: 1, c: 1 }, ["a", "b"]);
            expect(inputs).to.deep.equal({ a: 1, c: 1 });
            expect(invalid).to.deep.equal([]);
        });

        it("follows nested keys and indices, and keeps a secret old value secret", () => {
            const old = { o: { k: makeSecret("s1") }, l: [1, 2] };
            const { inputs } = processIgnoreChanges({ o: { k: "s2", other: 1 }, l: [1, 5] }, old, ["o.k", "l[1]", 'o["k"]']);
            expect(inputs).to.deep.equal({ o: { k: makeSecret("s1"), other: 1 }, l: [1, 2] });
        });

        it("reports a path through a key only the old inputs have", () => {
            expect(processIgnoreChanges({}, { o: { k: 1 } }, ["o.k"]).invalid).to.deep.equal(["o.k"]);
        });

        it("refuses wildcards instead of ignoring them silently", () => {
            expect(() => processIgnoreChanges({}, {}, ["tags[*]"])).to.throw(/wildcard/);
        });
    });

    it("inputsDiffer: null and missing are the same; secrets compare by value; an unknown is a change", () => {
        expect(inputsDiffer({ a: null, b: 1 }, { b: 1 })).to.equal(false);
        expect(inputsDiffer({ p: makeSecret("x") }, { p: "x" })).to.equal(false);
        expect(inputsDiffer({ p: "x" }, { p: UNKNOWN })).to.equal(true);
        expect(inputsDiffer({ l: [1, 2] }, { l: [2, 1] })).to.equal(true);
    });

    it("annotateSecrets: outputs named like a secret input become secret, nested objects followed", () => {
        const outs: Record<string, unknown> = { password: "p", o: { k: "v", n: 1 }, plain: 1 };
        annotateSecrets(outs, { password: makeSecret("p"), o: { k: makeSecret("v") }, plain: 1 });
        expect(outs).to.deep.equal({ password: makeSecret("p"), o: { k: makeSecret("v"), n: 1 }, plain: 1 });
    });

    it("fromProgram downgrades output values to unknowns and secrets; forProvider sends secrets plain", () => {
        const v = fromProgram({ a: { [SIG_KEY]: OUTPUT_SIG, secret: true }, b: { [SIG_KEY]: OUTPUT_SIG, value: 3 }, c: { [SIG_KEY]: SECRET_SIG, value: "s" } });
        expect(v).to.deep.equal({ a: makeSecret(UNKNOWN), b: 3, c: makeSecret("s") });
        expect(forProvider(v)).to.deep.equal({ a: UNKNOWN, b: 3, c: "s" });
    });

    it("the checkpoint crypter encrypts every secret wherever it sits and opens it back", () => {
        const crypter = new StateCrypter("pass");
        const value = { top: makeSecret("t0p-Secret"), nested: { list: [1, makeSecret({ deep: "d33p-Secret" })] }, plain: "visible" };
        const sealed = crypter.encrypt(value);
        const text = JSON.stringify(sealed);
        expect(text).not.to.contain("t0p-Secret");
        expect(text).not.to.contain("d33p-Secret");
        expect(text).to.contain("visible");
        expect(crypter.decrypt(sealed)).to.deep.equal(value);
        expect(() => new StateCrypter("other").decrypt(sealed)).to.throw();
    });
});

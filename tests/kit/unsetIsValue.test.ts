import { expect } from "chai";
import { diffInputs, differingFields } from "../../provider/kit/diff";
import { FieldTable, ResourceSchema, UNKNOWN } from "../../provider/kit/schema";

/** A field whose absence is itself a setting where it applies (a certificate trunk's port: none means DNS SRV). */
interface SbcInputs {
    kind: "srv-or-fqdn" | "registering";
    host: string;
    port?: number;
}

const FIELDS: FieldTable<SbcInputs> = {
    kind: { kind: "enum", values: ["srv-or-fqdn", "registering"], required: true, replaceOnChange: true },
    host: { kind: "string", required: true },
    port: { kind: "integer", min: 1, max: 65535, replaceOnChange: true, onlyWhen: { field: "kind", is: "srv-or-fqdn" }, unsetIsValue: true },
};
const SBC: ResourceSchema<SbcInputs> = { kind: "test:Sbc", title: "Sbc", api: "Test", fields: FIELDS, outputs: {}, answer: { noun: "SBC", object: "SBC", always: [] } };

describe("kit: a field whose absence is a value (unsetIsValue)", () => {
    const srv = { kind: "srv-or-fqdn", host: "sbc" };
    const fqdn = { ...srv, port: 5061 };

    it("diff: a program without it differs from an object with it, where it applies; never otherwise", () => {
        expect(diffInputs(SBC, fqdn, srv)).to.deep.include({ changes: true, changedKeys: ["port"], replaces: ["port"] });
        expect(diffInputs(SBC, srv, srv).changes).to.equal(false);
        expect(diffInputs(SBC, { ...fqdn, kind: "registering" }, { ...srv, kind: "registering" }).changes).to.equal(false);
        // Not judged while the condition's value is unknown (preview).
        expect(diffInputs(SBC, fqdn, { ...srv, kind: UNKNOWN }).changedKeys).to.deep.equal(["kind"]);
    });

    it("adoption: an object found with a value the program left out is not the one it asked for", () => {
        expect(differingFields(SBC, srv, fqdn)).to.deep.equal(["port"]);
        expect(differingFields(SBC, fqdn, fqdn)).to.deep.equal([]);
        expect(differingFields(SBC, srv, srv)).to.deep.equal([]);
    });
});

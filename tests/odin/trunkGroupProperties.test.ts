import { expect } from "chai";
import fc from "fast-check";
import { checkInputs } from "../../provider/kit/check";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { diffInputs } from "../../provider/kit/diff";
import { FieldSpec, fieldNames } from "../../provider/kit/schema";

const specs: Readonly<Record<string, FieldSpec>> = TRUNK_GROUP.fields;

/** Values of the right kind for each field, and anything at all now and then. */
function valueFor(name: string): fc.Arbitrary<unknown> {
    const s = specs[name];
    const right =
        s.kind === "integer"
            ? fc.integer({ min: (s.min ?? 0) - 2, max: (s.max ?? 100) + 2 })
            : s.kind === "boolean"
              ? fc.boolean()
              : s.kind === "enum"
                ? fc.constantFrom(...(s.values ?? []), "nope")
                : s.kind === "string"
                  ? fc.string({ maxLength: (s.max ?? 30) + 3 })
                  : fc.record({ serviceProviderId: fc.string(), groupId: fc.string(), name: fc.string(), deviceLevel: fc.constantFrom("Group", "System"), deviceName: fc.string() }, { requiredKeys: [] });
    return fc.oneof({ weight: 8, arbitrary: right }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: fc.constant(null) });
}

const programs = fc.record(Object.fromEntries(fieldNames(TRUNK_GROUP).map((n) => [n, valueFor(n)])), { requiredKeys: [] });
const validPrograms = fc
    .record({
        serviceProviderId: fc.stringMatching(/^[A-Za-z0-9]{1,30}$/),
        groupId: fc.stringMatching(/^[A-Za-z0-9]{1,30}$/),
        name: fc.stringMatching(/^[A-Za-z0-9 ]{1,30}$/).filter((s) => s.trim() !== ""),
        maxActiveCalls: fc.integer({ min: 1, max: 999999 }),
        invitationTimeout: fc.integer({ min: 1, max: 255 }),
        userLookupPolicy: fc.constantFrom("Basic", "Extended"),
        enableBursting: fc.boolean(),
        prefixEnabled: fc.boolean(),
    })
    .map((p) => ({ ...p, ...(p.prefixEnabled ? { prefix: "9" } : {}) }));

describe("TrunkGroup check and diff: properties", () => {
    it("check never throws, on anything, and always answers failures as {property, reason} strings", () => {
        fc.assert(
            fc.property(fc.oneof(fc.anything(), fc.object(), programs), fc.oneof(fc.anything(), programs), (news, olds) => {
                const r = checkInputs(TRUNK_GROUP, olds, news);
                expect(r.failures).to.be.an("array");
                for (const f of r.failures) {
                    expect(f.property).to.be.a("string");
                    expect(f.reason).to.be.a("string").and.not.equal("");
                }
            }),
            { numRuns: 400 },
        );
    });

    it("diff(x, x) never reports a change", () => {
        fc.assert(
            fc.property(fc.oneof(programs, fc.object()), (x) => {
                expect(diffInputs(TRUNK_GROUP, x as Record<string, unknown>, x as Record<string, unknown>).changes).to.equal(false);
            }),
            { numRuns: 400 },
        );
    });

    it("no perpetual diff: outputs equal to the checked inputs diff as unchanged, and a second check is stable", () => {
        fc.assert(
            fc.property(validPrograms, (p) => {
                const first = checkInputs(TRUNK_GROUP, {}, p);
                expect(first.failures).to.deep.equal([]);
                const second = checkInputs(TRUNK_GROUP, first.inputs, p);
                expect(second.inputs).to.deep.equal(first.inputs);
                expect(diffInputs(TRUNK_GROUP, first.inputs, second.inputs).changes).to.equal(false);
            }),
            { numRuns: 300 },
        );
    });
});

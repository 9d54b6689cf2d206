import { expect } from "chai";
import fc from "fast-check";
import type { ResourceDiff } from "../../provider/kit/diff";
import type { CheckResult } from "../../provider/util/check";
import { checkInputs } from "../../provider/kit/check";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { diffInputs } from "../../provider/kit/diff";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";

/** constructor, toString, __proto__, hasOwnProperty, valueOf, … */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

const RESOURCES: Array<{ title: string; check: (o: unknown, n: unknown) => CheckResult; diff: (o: unknown, n: unknown) => ResourceDiff; program: Record<string, unknown> }> = [
    {
        title: "TrunkGroup",
        check: (o, n) => checkInputs(TRUNK_GROUP, o, n),
        diff: (o, n) => diffInputs(TRUNK_GROUP, o, n),
        program: { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 10 },
    },
    {
        title: "WebexTrunk",
        check: (o, n) => checkInputs(WEBEX_TRUNK, o, n),
        diff: (o, n) => diffInputs(WEBEX_TRUNK, o, n),
        program: { name: "LGW", locationId: "LOC1", password: "Trunk-Pa55word", trunkType: "REGISTERING" },
    },
];

/** The program with these keys as OWN properties (as JSON.parse or a gRPC Struct would make them). */
function withOwnKeys(program: Record<string, unknown>, names: string[], value: unknown): Record<string, unknown> {
    const out = { ...program };
    for (const n of names) {
        Object.defineProperty(out, n, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
}

describe("check and diff of both resources: Object.prototype names are unknown keys, never fields", () => {
    for (const r of RESOURCES) {
        it(`${r.title}: check fails naming each one as not an input; diff ignores them`, () => {
            const checked = r.check({}, r.program);
            expect(checked.failures).to.deep.equal([]);
            fc.assert(
                fc.property(fc.subarray(PROTOTYPE_NAMES, { minLength: 1 }), fc.anything(), (names, value) => {
                    const news = withOwnKeys(r.program, names, value);
                    const result = r.check({}, news);
                    for (const n of names) {
                        const failure = result.failures.find((f) => f.property === n);
                        expect(failure?.reason, n).to.match(new RegExp(`^${n.replace(/[$_]/g, "\\$&")} is not a ${r.title} input`));
                        expect(Object.prototype.hasOwnProperty.call(result.inputs, n), n).to.equal(false);
                    }
                    expect(result.failures).to.have.length(names.length);
                    expect(Object.getPrototypeOf(result.inputs)).to.equal(Object.prototype);

                    const d = r.diff(checked.inputs, withOwnKeys(checked.inputs, names, value));
                    expect(d).to.deep.equal({ changes: false, changedKeys: [], replaces: [], deleteBeforeReplace: false });
                }),
                { numRuns: 300 },
            );
        });
    }
});

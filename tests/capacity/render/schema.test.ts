import Ajv from "ajv";
import { expect } from "chai";
import fc from "fast-check";
import { syntheticProjectedReport, syntheticReport } from "../../../bench/reportFixtures";
import { CAPACITY_REPORT_SCHEMA, schemaProblems } from "../../../provider/capacity/render/schema";
import { projectedThreeGroupReport, threeGroupReport } from "./fixtures";

/** Every path to a value inside `v`, e.g. ["groups", 2, "maxActiveCalls"]. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(v)) {
        return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
    }
    if (typeof v === "object" && v !== null) {
        return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
    }
    return [at];
}

describe("capacity report schema", () => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(CAPACITY_REPORT_SCHEMA);

    it("the reports the package builds pass, with ajv and with the run-time checker", () => {
        for (const r of [threeGroupReport(), projectedThreeGroupReport(), syntheticReport({ groups: 300 }), syntheticProjectedReport({ groups: 300 })]) {
            expect(validate(r), ajv.errorsText(validate.errors)).to.equal(true);
            expect(schemaProblems(r, CAPACITY_REPORT_SCHEMA)).to.deep.equal([]);
        }
    });

    it("property: the run-time checker refuses exactly what ajv refuses, for any one change to a report", () => {
        const base = projectedThreeGroupReport();
        const all = paths(base).filter((p) => p.length > 0);
        fc.assert(
            fc.property(fc.constantFrom(...all), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(-2), fc.constant(1.5)), (p, value) => {
                const r = JSON.parse(JSON.stringify(base));
                let parent = r;
                for (const k of p.slice(0, -1)) {
                    parent = parent[k];
                }
                const last = p[p.length - 1];
                if (value === undefined && !Array.isArray(parent)) {
                    delete parent[last];
                } else {
                    parent[last] = value === undefined ? null : value;
                }
                const ours = schemaProblems(r, CAPACITY_REPORT_SCHEMA);
                expect(ours.length === 0, `${JSON.stringify(p)} = ${JSON.stringify(value)}: ours ${JSON.stringify(ours)}, ajv ${ajv.errorsText(validate.errors)}`).to.equal(validate(r));
            }),
            { numRuns: 400 },
        );
    });

    it("names the field and what it should be", () => {
        const r = JSON.parse(JSON.stringify(threeGroupReport()));
        r.groups[1].trunkGroupService = "maybe";
        r.groups[2].trunkGroups[1].maxActiveCalls = -5;
        expect(schemaProblems(r, CAPACITY_REPORT_SCHEMA)).to.deep.equal([
            'groups[1].trunkGroupService: expected one of "assigned", "notAssigned", got "maybe"',
            "groups[2].trunkGroups[1].maxActiveCalls: expected at least -1 (-1 is unlimited), got -5",
        ]);
    });
});

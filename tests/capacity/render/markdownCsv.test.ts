import { expect } from "chai";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { syntheticProjectedReport, syntheticReport, reportOf } from "../../../bench/reportFixtures";
import type { FetchedGroup } from "../../../provider/capacity/fetch";
import { capacityCsvColumns, guardFormula, renderCapacityCsv } from "../../../provider/capacity/render/csv";
import { GITHUB_COMMENT_LIMIT, mdCode, renderCapacityMarkdown } from "../../../provider/capacity/render/markdown";
import { projectedThreeGroupReport, threeGroupReport } from "./fixtures";

const GOLDEN = path.resolve(__dirname, "..", "..", "..", "..", "tests", "fixtures", "capacity-render");

/** Compares with the file under tests/fixtures/capacity-render; UPDATE_GOLDEN=1 rewrites it (then read the diff). */
function golden(name: string, actual: string): void {
    const file = path.join(GOLDEN, name);
    if (process.env.UPDATE_GOLDEN === "1") {
        fs.mkdirSync(GOLDEN, { recursive: true });
        fs.writeFileSync(file, actual);
    }
    expect(actual, `golden ${name} (UPDATE_GOLDEN=1 rewrites it)`).to.equal(fs.readFileSync(file, "utf8"));
}

describe("capacity report as Markdown", () => {
    it("golden: three groups (oversubscribed first, unlimited, no service, user text as code)", () => {
        golden("three-groups.md", renderCapacityMarkdown(threeGroupReport()));
    });

    it("golden: a projected report says what changes and marks changed groups", () => {
        golden("projected.md", renderCapacityMarkdown(projectedThreeGroupReport()));
    });

    it("a group name cannot format, link, mention or break the table", () => {
        expect(mdCode("a|b", { inTable: true })).to.equal("`a\\|b`");
        expect(mdCode("`x`")).to.equal("`` `x` ``");
        expect(mdCode("line\nbreak")).to.equal("`line break`");
        expect(mdCode("   ")).to.equal("(blank)");
        expect(mdCode("x".repeat(100))).to.have.length(62);
        const md = renderCapacityMarkdown(threeGroupReport());
        const row = md.split("\n").find((l) => l.startsWith("| `G2`"))!;
        // The pipe in the name is escaped, so the row has exactly the header's 8 cells.
        expect(row.split(/(?<!\\)\|/).length - 2).to.equal(8);
        expect(md).to.contain("`Group <b>Two</b> & \"friends\" \\| @team`");
    });

    it("2000 groups fit a GitHub comment: summarised past the limit, saying so, oversubscribed groups kept", () => {
        for (const report of [syntheticReport({ groups: 2000 }), syntheticProjectedReport({ groups: 2000 })]) {
            const md = renderCapacityMarkdown(report);
            expect(md.length).to.be.at.most(60_000);
            expect(md.length).to.be.below(GITHUB_COMMENT_LIMIT);
            const shown = /Showing (\d+) of 2000 groups: the full table would pass the 65,536-character limit of a GitHub comment/.exec(md);
            expect(shown, "says it is summarised").to.not.equal(null);
            const rows = md.split("\n").filter((l) => /^\| `G\d{4}`/.test(l));
            expect(rows).to.have.length(Number(shown![1]));
            const over = report.groups.filter((g) => g.callCapacityOversubscribed || g.burstingCallCapacityOversubscribed);
            expect(over.length).to.be.greaterThan(0);
            // The groups that matter most come first, so none of the oversubscribed is cut.
            expect(rows.slice(0, over.length).every((r) => r.includes("oversubscribed"))).to.equal(true);
            expect(md).to.match(new RegExp(`\\*\\*${over.length} of 2000 groups oversubscribed\\*\\*`));
            expect(md).to.contain(`and ${over.length - 20} more (in the full table below)`);
        }
    });

    it("a small report is not summarised, and a tiny limit is still kept", () => {
        const md = renderCapacityMarkdown(syntheticReport({ groups: 40 }));
        expect(md).to.not.contain("Showing");
        expect(md.split("\n").filter((l) => /^\| `G\d{4}`/.test(l))).to.have.length(40);
        const tiny = renderCapacityMarkdown(syntheticReport({ groups: 40 }), { maxLength: 500 });
        expect(tiny.length).to.be.at.most(500);
        expect(tiny).to.contain("cut to fit the size limit");
    });
});

describe("capacity report as CSV", () => {
    it("golden: three groups (RFC 4180 quoting, a group without the service has one row with empty trunk-group columns)", () => {
        golden("three-groups.csv", renderCapacityCsv(threeGroupReport()));
    });

    it("golden: a projected report adds the before columns; a removed trunk group keeps a row", () => {
        golden("projected.csv", renderCapacityCsv(projectedThreeGroupReport()));
    });

    it("guards cells a spreadsheet would run as a formula, and only text cells", () => {
        expect(["=1+1", "+A1", "-2", "@SUM(A1)", "\tx", "\r=x", "ok", "a=b"].map(guardFormula)).to.deep.equal([
            "'=1+1",
            "'+A1",
            "'-2",
            "'@SUM(A1)",
            "'\tx",
            "'\r=x",
            "ok",
            "a=b",
        ]);
        const report = reportOf("SP1", { maxActiveCalls: 10, burstingMaxActiveCalls: 0 }, [
            { groupId: "=cmd|' /C calc'!A0", groupName: "@evil", capacity: { maxActiveCalls: -1, maxAvailableActiveCalls: -1, burstingMaxActiveCalls: 0, burstingMaxAvailableActiveCalls: 0 }, trunkGroups: [{ name: "-x", maxActiveCalls: 3 }] },
        ]);
        const rows: Record<string, string>[] = parse(renderCapacityCsv(report), { columns: true });
        expect(rows[0]).to.include({ groupId: "'=cmd|' /C calc'!A0", groupName: "'@evil", trunkGroupName: "'-x", groupMaxActiveCalls: "-1", serviceProviderMaxActiveCalls: "10" });
    });

    it("property: every trunk group of a random report is in the CSV exactly once, with its numbers and its group's", () => {
        const text = fc.string({ unit: "grapheme", maxLength: 12 });
        const cap = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 500 }));
        const groupArb = fc.record({
            groupName: text,
            capacity: fc.option(fc.record({ maxActiveCalls: cap, maxAvailableActiveCalls: cap, burstingMaxActiveCalls: cap, burstingMaxAvailableActiveCalls: cap }), { nil: null }),
            trunkGroups: fc.uniqueArray(
                fc.record({ name: text, maxActiveCalls: fc.integer({ min: 0, max: 300 }), burstingMaxActiveCalls: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }) }),
                { selector: (t) => guardFormula(t.name), maxLength: 5 },
            ),
        });
        fc.assert(
            fc.property(fc.array(groupArb, { maxLength: 8 }), fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }), (groups, spCap) => {
                const fetched: FetchedGroup[] = groups.map((g, i) => ({
                    groupId: `G${i}`,
                    groupName: g.groupName,
                    capacity: g.capacity,
                    trunkGroups: g.capacity ? g.trunkGroups.map((t) => ({ name: t.name, maxActiveCalls: t.maxActiveCalls, ...(t.burstingMaxActiveCalls ? { burstingMaxActiveCalls: t.burstingMaxActiveCalls } : {}) })) : [],
                }));
                const report = reportOf("SP,\"1\"", spCap === null ? null : { maxActiveCalls: spCap, burstingMaxActiveCalls: 0 }, fetched);
                const rows: Record<string, string>[] = parse(renderCapacityCsv(report), { columns: true });
                expect(Object.keys(rows[0] ?? {}).length === 0 || Object.keys(rows[0]).join() === capacityCsvColumns(report).join()).to.equal(true);
                const num = (v: number | null) => (v === null ? "" : String(v));
                for (const g of report.groups) {
                    const ofGroup = rows.filter((r) => r.groupId === g.groupId);
                    expect(ofGroup.length).to.equal(Math.max(1, g.trunkGroups.length));
                    for (const r of ofGroup) {
                        expect(r.groupName).to.equal(guardFormula(g.groupName));
                        expect(r.groupMaxActiveCalls).to.equal(num(g.maxActiveCalls));
                        expect(r.groupTrunkGroupsCallCapacityTotal).to.equal(String(g.trunkGroupsCallCapacityTotal));
                        expect(r.groupCallCapacityOversubscribed).to.equal(String(g.callCapacityOversubscribed));
                        expect(r.serviceProviderId).to.equal('SP,"1"');
                        expect(r.serviceProviderGroupsCallCapacityTotal).to.equal(String(report.groupsCallCapacityTotal));
                    }
                    for (const t of g.trunkGroups) {
                        const mine = ofGroup.filter((r) => r.trunkGroupName === guardFormula(t.name));
                        expect(mine, `trunk group ${JSON.stringify(t.name)} of ${g.groupId}`).to.have.length(1);
                        expect(mine[0].trunkGroupMaxActiveCalls).to.equal(String(t.maxActiveCalls));
                        expect(mine[0].trunkGroupBurstingMaxActiveCalls).to.equal(String(t.burstingMaxActiveCalls));
                    }
                    if (g.trunkGroups.length === 0) {
                        expect(ofGroup[0]).to.include({ trunkGroupName: "", trunkGroupMaxActiveCalls: "", trunkGroupBurstingMaxActiveCalls: "" });
                    }
                }
                expect(rows.length).to.equal(report.groups.reduce((a, g) => a + Math.max(1, g.trunkGroups.length), 0));
            }),
            { numRuns: 200 },
        );
    });

    it("2000 groups: one row per trunk group (plus one per group without any)", () => {
        const report = syntheticReport({ groups: 2000 });
        const rows: Record<string, string>[] = parse(renderCapacityCsv(report), { columns: true });
        expect(rows.length).to.equal(report.groups.reduce((a, g) => a + Math.max(1, g.trunkGroups.length), 0));
    });
});

import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MAX_UNCONFIRMED_DELETES } from "../../provider/http/confirmDelete";
import { CaseOutcome, CrashCase, T0, USER, buildSnapshots, runCase, withArgs } from "./matrix";

/**
 * The crash matrix: the provider host killed at each write of each
 * operation, before the API saw it or after the API applied it, or a gateway
 * hiding a write's fate, then the commands a person runs next, through the
 * test engine. Every case must end
 * with the state telling the truth about the system (nothing lost, orphaned,
 * stale or pending), or with an error that says what to run.
 */
const RENAMED = withArgs({ name: "CR-T2" });
const PILOTED = withArgs({ pilotUserId: USER });
const CASES: CrashCase[] = [
    { title: "create, killed before the POST reached the API; then up", from: "empty", crash: { command: "up", program: [T0] }, kill: { method: "POST", stage: "before" }, next: ["up"] },
    { title: "update, killed before the PUT reached the API; then up", from: "hosted", crash: { command: "up", program: [withArgs({ maxActiveCalls: 7 })] }, kill: { method: "PUT", stage: "before" }, next: ["up"] },
    { title: "update, killed after the API applied the PUT; then up", from: "hosted", crash: { command: "up", program: [withArgs({ maxActiveCalls: 7 })] }, kill: { method: "PUT", stage: "after" }, next: ["up"] },
    { title: "update, killed after the API applied the PUT; then refresh", from: "hosted", crash: { command: "up", program: [withArgs({ maxActiveCalls: 7 })] }, kill: { method: "PUT", stage: "after" }, next: ["refresh"] },
    { title: "update, killed after the API applied the PUT; then destroy", from: "hosted", crash: { command: "up", program: [withArgs({ maxActiveCalls: 7 })] }, kill: { method: "PUT", stage: "after" }, next: ["destroy"] },
    { title: "rename, killed before the PUT reached the API; then up", from: "hosted", crash: { command: "up", program: [RENAMED] }, kill: { method: "PUT", stage: "before" }, next: ["up"] },
    { title: "rename, killed after the API applied the PUT; then up", from: "hosted", crash: { command: "up", program: [RENAMED] }, kill: { method: "PUT", stage: "after" }, next: ["up"] },
    { title: "rename, killed after the API applied the PUT; then refresh", from: "hosted", crash: { command: "up", program: [RENAMED] }, kill: { method: "PUT", stage: "after" }, next: ["refresh"] },
    { title: "rename, killed after the API applied the PUT; then destroy", from: "hosted", crash: { command: "up", program: [RENAMED] }, kill: { method: "PUT", stage: "after" }, next: ["destroy"] },
    { title: "pilot-clear-then-delete, killed before the pilot PUT reached the API; then destroy", from: "piloted", crash: { command: "destroy", program: [PILOTED] }, kill: { method: "PUT", stage: "before" }, next: ["destroy"] },
    { title: "pilot-clear-then-delete, killed after the pilot was cleared; then destroy", from: "piloted", crash: { command: "destroy", program: [PILOTED] }, kill: { method: "PUT", stage: "after" }, next: ["destroy"] },
    { title: "pilot-clear-then-delete, killed after the pilot was cleared; then refresh", from: "piloted", crash: { command: "destroy", program: [PILOTED] }, kill: { method: "PUT", stage: "after" }, next: ["refresh"] },
    { title: "pilot-clear-then-delete, killed after the API applied the DELETE; then destroy", from: "piloted", crash: { command: "destroy", program: [PILOTED] }, kill: { method: "DELETE", stage: "after" }, next: ["destroy"] },
    { title: "pilot-clear-then-delete, killed after the API applied the DELETE; then refresh", from: "piloted", crash: { command: "destroy", program: [PILOTED] }, kill: { method: "DELETE", stage: "after" }, next: ["refresh"] },
    { title: "delete, killed before the DELETE reached the API; then destroy", from: "hosted", crash: { command: "destroy", program: [T0] }, kill: { method: "DELETE", stage: "before" }, next: ["destroy"] },
    { title: "delete, killed after the API applied the DELETE; then destroy", from: "hosted", crash: { command: "destroy", program: [T0] }, kill: { method: "DELETE", stage: "after" }, next: ["destroy"] },
    { title: "delete, killed after the API applied the DELETE; then refresh", from: "hosted", crash: { command: "destroy", program: [T0] }, kill: { method: "DELETE", stage: "after" }, next: ["refresh"] },
    { title: "delete by leaving the program, killed after the API applied the DELETE; then up", from: "hosted", crash: { command: "up", program: [] }, kill: { method: "DELETE", stage: "after" }, next: ["up"] },
];

/**
 * A gateway in front of the API answers every DELETE of the command with an
 * empty 200 and nothing is deleted (it swallowed the API's refusal, or never
 * passed the DELETE on): the command fails and the state keeps the trunk
 * group; the next command deletes it.
 */
const GATEWAY_CASES: CrashCase[] = [
    { title: "delete, the DELETE answered with an empty 200 and not applied; then destroy", from: "hosted", crash: { command: "destroy", program: [T0] }, gateway: { kind: "empty-200-delete", method: "DELETE", count: MAX_UNCONFIRMED_DELETES }, next: ["destroy"] },
    { title: "delete by leaving the program, the DELETE answered with an empty 200 and not applied; then up", from: "hosted", crash: { command: "up", program: [] }, gateway: { kind: "empty-200-delete", method: "DELETE", count: MAX_UNCONFIRMED_DELETES }, next: ["up"] },
    { title: "pilot-clear-then-delete, the DELETE answered with an empty 200 and not applied; then destroy", from: "piloted", crash: { command: "destroy", program: [PILOTED] }, gateway: { kind: "empty-200-delete", method: "DELETE", count: MAX_UNCONFIRMED_DELETES }, next: ["destroy"] },
    { title: "pilot-clear-then-delete, the DELETE answered with an empty 200 and not applied; then refresh", from: "piloted", crash: { command: "destroy", program: [PILOTED] }, gateway: { kind: "empty-200-delete", method: "DELETE", count: MAX_UNCONFIRMED_DELETES }, next: ["refresh"] },
];

/** Cases whose next command is an error that says what to run, and what it must say. */
const ENDS_WITH_ADVICE: Array<[CrashCase, RegExp]> = [
    // Converging an interrupted create is adoption's (adopt mode); here the state holds nothing false and the error says what to do.
    [
        { title: "create, killed after the API applied the POST; then up", from: "empty", crash: { command: "up", program: [T0] }, kill: { method: "POST", stage: "after" }, next: ["up"] },
        /A trunk group named "CR-T" already exists in group GC of SPC, and this stack does not manage it\. To take it over, add `adoptExisting: true`/,
    ],
    [
        { title: "create, killed after the API applied the POST; then refresh and up", from: "empty", crash: { command: "up", program: [T0] }, kill: { method: "POST", stage: "after" }, next: ["refresh", "up"] },
        /A trunk group named "CR-T" already exists in group GC of SPC, and this stack does not manage it\. To take it over, add `adoptExisting: true`/,
    ],
];

describe("crash matrix: the provider host killed at each write, then the next command (issue 13)", function () {
    this.timeout(400_000);
    let dir: string;
    const outcomes = new Map<string, CaseOutcome>();

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "crash-matrix-"));
        const snapshots = await buildSnapshots(dir);
        const all = [...CASES, ...GATEWAY_CASES, ...ENDS_WITH_ADVICE.map(([c]) => c)];
        // A few cases at a time: each has its own checkpoint, simulator and proxy.
        let next = 0;
        const worker = async () => {
            while (next < all.length) {
                const i = next++;
                outcomes.set(all[i].title, await runCase(path.join(dir, `case-${i}`), all[i], snapshots));
            }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const c of GATEWAY_CASES) {
        it(`${c.title}: the command fails saying nothing was deleted, and ends consistent`, () => {
            const o = outcomes.get(c.title)!;
            expect(o.crashErrors.join("\n")).to.contain("was answered 200 with an empty body (Odin answers with the deleted trunk group), but the trunk group still exists").and.contain("nothing was deleted");
            expect(o.endedWith, JSON.stringify(o.runs, null, 1)).to.equal(undefined);
            expect(o.findings, JSON.stringify(o.runs, null, 1)).to.deep.equal({ lost: [], orphaned: [], duplicated: [], wrongValues: [], stuck: [] });
        });
    }

    for (const c of CASES) {
        it(`${c.title}: consistent`, () => {
            const o = outcomes.get(c.title)!;
            expect(o.killed, "the host was killed at that request").to.equal(true);
            expect(o.crashErrors.join("\n")).to.match(/UNAVAILABLE|No connection established|Connection dropped|ECONNREFUSED|ECONNRESET/i);
            expect(o.endedWith, JSON.stringify(o.runs, null, 1)).to.equal(undefined);
            expect(o.findings, JSON.stringify(o.runs, null, 1)).to.deep.equal({ lost: [], orphaned: [], duplicated: [], wrongValues: [], stuck: [] });
        });
    }

    for (const [c, advice] of ENDS_WITH_ADVICE) {
        it(`${c.title}: ends with an error that says what to do, and the state claims nothing false`, () => {
            const o = outcomes.get(c.title)!;
            expect(o.killed).to.equal(true);
            expect(o.endedWith?.join("\n")).to.match(advice);
            expect(o.findings.lost).to.deep.equal([`t: declared but not in the state`]);
            expect(o.findings.wrongValues).to.deep.equal([]);
            expect(o.findings.stuck).to.deep.equal([]);
        });
    }

    it("a rename killed after it was applied is not dropped by a refresh: the refresh says to run `pulumi up`, which finds it", () => {
        const o = outcomes.get("rename, killed after the API applied the PUT; then refresh")!;
        expect(o.runs[0]).to.include({ command: "refresh", ok: false });
        expect(o.runs[0].errors.join("\n")).to.match(/Trunk group "CR-T" is no longer in group GC of SPC, but trunk group "CR-T2" now hosts its users.*run `pulumi up`/);
        expect(o.runs.map((r) => `${r.command} ${r.ok}`)).to.deep.equal(["refresh false", "up true", "refresh true"]);
    });

    it("a rename killed after it was applied is not left behind by a destroy", () => {
        const o = outcomes.get("rename, killed after the API applied the PUT; then destroy")!;
        expect(o.runs.map((r) => `${r.command} ${r.ok}`)).to.deep.equal(["destroy false", "up true", "destroy true"]);
    });
});

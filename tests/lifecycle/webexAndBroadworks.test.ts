import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OdinSimulator, WebexSimulator, sampleSeed, startOdinSimulator, startWebexSimulator } from "../../provider/simulator";
import { TestEngine, UNKNOWN, type RunSummary } from "../engine";
import { WEBEX_LOCATIONS, tempDir } from "../engine/fixtures";

/** The compiled example (examples/ compile after the package, importing it by name as users do). */
const EXAMPLE = path.resolve(__dirname, "..", "..", "examples", "webex-and-broadworks");

const TOKEN = "wx-EXAMPLE-token-0d4a7c";
const PBX_SIP = "Site-Pbx-Sip-Secret-1";
const LGW_PASSWORD = "Site-Lgw-Sip-Secret-1";

/**
 * examples/webex-and-broadworks (a BroadWorks trunk group and a Webex
 * local-gateway trunk for one site, and the capacity report) through the test
 * engine, against both simulators. Each stack has simulators of its own; the
 * first tests read one stack that `before` previews and applies once.
 */
describe("examples/webex-and-broadworks through the test engine", function () {
    this.timeout(180_000);
    let dir: string;
    const closers: Array<() => Promise<void>> = [];
    let n = 0;

    async function exampleStack(): Promise<{ odin: OdinSimulator; webex: WebexSimulator; engine: TestEngine }> {
        const odin = await startOdinSimulator({ seed: sampleSeed() });
        const webex = await startWebexSimulator({ tokens: [TOKEN] });
        closers.push(() => odin.close(), () => webex.close());
        const engine = new TestEngine({
            programDir: EXAMPLE,
            project: "webex-and-broadworks",
            stateFile: path.join(dir, `state-${++n}.json`),
            config: {
                "odin:baseUrl": odin.url,
                "odin:username": "admin",
                "odin:password": "admin",
                "webex:baseUrl": webex.url,
                "webex:accessToken": TOKEN,
                "webex-and-broadworks:webexLocationId": WEBEX_LOCATIONS[0].id,
                "webex-and-broadworks:sitePbxSipPassword": PBX_SIP,
                "webex-and-broadworks:siteLgwPassword": LGW_PASSWORD,
            },
            secretConfig: ["odin:password", "webex:accessToken", "webex-and-broadworks:sitePbxSipPassword", "webex-and-broadworks:siteLgwPassword"],
        });
        return { odin, webex, engine };
    }

    before(() => {
        dir = tempDir("webex-and-broadworks");
    });
    after(async () => {
        await Promise.all(closers.map((c) => c()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("previewed, then applied once", () => {
        let odin: OdinSimulator;
        let webex: WebexSimulator;
        let engine: TestEngine;
        let preview: RunSummary;
        let up: RunSummary;

        before(async () => {
            ({ odin, webex, engine } = await exampleStack());
            preview = await engine.preview();
            up = await engine.up();
        });

        it("preview plans both trunks and writes nothing; ids and the CUBE's registration values wait for the apply; the capacity report is projected with the new trunk group", () => {
            expect(preview.changes).to.deep.equal({ create: 3 });
            for (const key of ["trunkGroupId", "webexTrunkId", "lgwLinePort", "lgwOtgDtgId"]) {
                expect(preview.outputs[key], key).to.equal(UNKNOWN);
            }
            const projected = preview.outputs.capacity as any;
            expect(projected.projected).to.equal(true);
            const g1 = projected.groups.find((g: any) => g.groupId === "G1");
            expect(g1.trunkGroups.find((t: any) => t.name === "Site PBX")).to.include({ maxActiveCalls: 8 });
            expect(preview.requests.map((r) => r.method)).to.not.include.members(["create", "update", "delete"]);
        });

        it("up creates the trunk group and the Webex trunk, exports what the CUBE needs, and the capacity report counts the new trunk group", () => {
            expect(up.changes).to.deep.equal({ create: 3 });
            expect(up.outputs.trunkGroupId).to.equal("SP1/G1/Site%20PBX");
            const lgw = webex.state().trunks!.find((t) => t.name === "Site LGW")!;
            expect(up.outputs.webexTrunkId).to.equal(lgw.id);
            expect(lgw).to.include({ password: LGW_PASSWORD, dualIdentitySupportEnabled: true, locationId: WEBEX_LOCATIONS[0].id });
            expect(up.outputs.lgwLinePort).to.be.a("string").and.not.equal("");
            expect(up.outputs.lgwOtgDtgId).to.be.a("string").and.not.equal("");
            const pbx = (odin.state().serviceProviders[0].groups ?? [])[0].trunkGroups!.find((t) => t.name === "Site PBX") as Record<string, unknown>;
            expect(pbx).to.include({ maxActiveCalls: 8, sipAuthenticationPassword: PBX_SIP });
            const g1 = (up.outputs.capacity as any).groups.find((g: any) => g.groupId === "G1");
            expect(g1.trunkGroups.map((t: any) => t.name)).to.include("Site PBX");
        });

        it("keeps both passwords and the token out of the checkpoint and out of what the hosts printed", () => {
            for (const secret of [PBX_SIP, LGW_PASSWORD, TOKEN]) {
                expect(engine.stateText()).not.to.contain(secret);
                expect(engine.hostOutput()).not.to.contain(secret);
            }
            expect(engine.resource("site-lgw")!.secretOutputs).to.include("password");
            expect(engine.resource("site-pbx")!.secretOutputs).to.include("sipAuthenticationPassword");
        });

        it("a second up changes nothing and writes to neither API", async () => {
            odin.clearRequests();
            webex.clearRequests();
            const s = await engine.up({ expectNoChanges: true });
            expect(s.changes).to.deep.equal({ same: 3 });
            expect(odin.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token")).to.deep.equal([]);
            expect(webex.requests().filter((r) => r.method !== "GET")).to.deep.equal([]);
        });
    });

    it("destroy deletes both trunks", async () => {
        const { odin, webex, engine } = await exampleStack();
        await engine.up();
        const s = await engine.destroy();
        expect(s.changes).to.deep.equal({ delete: 3 });
        expect(webex.state().trunks).to.deep.equal([]);
        expect((odin.state().serviceProviders[0].groups ?? [])[0].trunkGroups!.map((t) => t.name)).to.not.include("Site PBX");
    });
});

import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OdinSimulator, WebexSimulator, sampleSeed, startOdinSimulator, startWebexSimulator } from "../../provider/simulator";
import { PulumiProject, REPO, STACK_PROGRAM } from "./cli";

/**
 * Pulumi's import cannot reach a dynamic provider (pulumi/pulumi#16175): the
 * engine's import step sends Read with the id alone, so the dynamic-provider
 * host has no serialized provider to load. What a person sees, through the
 * real engine, and that the docs quote it. (The `pulumi import` command runs
 * the same import step; here it cannot start at all, because it needs the
 * Node.js language host to write code, which cannot be built on these
 * machines. The `import` resource option below is the same step, reached
 * through `pulumi up`.)
 */
describe("importing a TrunkGroup or a WebexTrunk through the real pulumi CLI", function () {
    this.timeout(600_000);
    let odin: OdinSimulator;
    let webex: WebexSimulator;
    let p: PulumiProject;
    const docs = fs.readFileSync(path.join(REPO, fs.existsSync(path.join(REPO, "docs", "adopt.md")) ? "docs/adopt.md" : "README.md"), "utf8");
    const quoted = /fails with `([^`]+)`/.exec(docs.replace(/\s*\n\s*/g, " "))?.[1];

    before(async () => {
        odin = await startOdinSimulator({ seed: sampleSeed() });
        const seed = (await import("../../provider/simulator")).defaultWebexSeed();
        webex = await startWebexSimulator({ seed: { ...seed, trunks: [{ id: "existing-trunk", name: "Existing LGW", locationId: seed.locations[0].id, password: "Existing-Pw-1x", trunkType: "REGISTERING" }] } as any, tokens: ["e2e-import-token"] });
        p = new PulumiProject({ name: "trunking-test", entry: STACK_PROGRAM });
        await p.init();
        await p.configMany(
            { "odin:baseUrl": odin.url, "odin:username": "admin", "odin:password": "admin", "webex:baseUrl": webex.url, "webex:accessToken": "e2e-import-token", "trunking-test:pw": "Existing-Pw-1x" },
            ["odin:password", "webex:accessToken", "trunking-test:pw"],
        );
    });
    after(async () => {
        await p?.dispose();
        await odin?.close();
        await webex?.close();
    });

    it("the docs quote the error the engine gives", () => {
        expect(quoted, "the docs' 'Why not import' paragraph quotes the error").to.be.a("string");
    });

    for (const [kind, spec] of [
        ["TrunkGroup", { kind: "TrunkGroup", name: "adopted", args: { serviceProviderId: "SP1", groupId: "G1", name: "G1-TG1", maxActiveCalls: 20 }, options: { import: "SP1/G1/G1-TG1" } }],
        ["WebexTrunk", { kind: "WebexTrunk", name: "adopted", args: { name: "Existing LGW", locationId: "", trunkType: "REGISTERING" }, secrets: { password: "pw" }, options: { import: "existing-trunk" } }],
    ] as const) {
        it(`${kind}: the import option fails the preview with the error the docs quote, and nothing is written or kept`, async () => {
            const s = JSON.parse(JSON.stringify(spec));
            if (kind === "WebexTrunk") {
                s.args.locationId = webex.state().locations[0].id;
            }
            await p.config("trunking-test:resources", JSON.stringify([s]));
            const odinBefore = JSON.stringify(odin.state());
            const webexBefore = JSON.stringify(webex.state());
            const r = await p.up([], { allowFailure: true });
            expect(r.code).to.equal(1);
            expect(r.stdout).to.match(new RegExp(`=\\s+pulumi-nodejs:dynamic/(odin:TrunkGroup|webex:Trunk) adopted import`));
            expect(r.stdout).to.contain(quoted!);
            expect(JSON.stringify(odin.state())).to.equal(odinBefore);
            expect(JSON.stringify(webex.state())).to.equal(webexBefore);
            expect((await p.resources()).filter((x) => x.type.startsWith("pulumi-nodejs:dynamic"))).to.have.length(0);
        });
    }
});

import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator, WebexSimulator } from "../../provider/simulator";
import { startWebexSimulator } from "../../provider/simulator";
import { OdinClient } from "../../provider/odin/client";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";
import { WebexClient } from "../../provider/webex/client";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, ResourceSpec, TG_TYPE, WEBEX_LOCATIONS, WEBEX_TYPE, startOdin, tempDir, trunkGroup, webexTrunk } from "./fixtures";
import { requestsOf } from "./hooks";

/**
 * The `import` resource option as today's engine runs it for a dynamic
 * resource: Read(id) with NO properties and NO inputs (step.go:2037-2045), so
 * the host cannot find `__provider` and the import fails, in preview and up
 * alike, before anything is recorded or written (issue 11, defect 1: the
 * tests tell the truth; adopting an existing object is not this option's job).
 */
describe("test engine: the import option", function () {
    this.timeout(60_000);
    const TOKEN = "wx-IMPORT-token-61c0";
    const HOST_MESSAGE = "code must be a string, not undefined";
    let odin: OdinSimulator;
    let webex: WebexSimulator;
    let dir: string;
    const cases: Array<{ kind: string; type: string; id: string; stack: OdinStack; writes(): unknown[] }> = [];

    before(async () => {
        odin = await startOdin();
        webex = await startWebexSimulator({ tokens: [TOKEN] });
        dir = tempDir("import");
        const existing = { serviceProviderId: "SP1", groupId: "G1", name: "EXISTING", maxActiveCalls: 5 };
        await new OdinClient({ baseUrl: odin.url, username: ODIN_USER, password: ODIN_PASSWORD }).createTrunkGroup(existing, profileCheck(existing, existing));
        const { id: trunkId } = await new WebexClient({ baseUrl: webex.url, accessToken: TOKEN }).createTrunk({
            name: "Existing LGW",
            locationId: WEBEX_LOCATIONS[0].id,
            password: "Existing-Sip-Passw0rd-1",
            trunkType: "REGISTERING",
        });
        const stackOf = (name: string, spec: ResourceSpec) => {
            const stack = new OdinStack(odin, `${dir}/${name}`, {
                config: { "webex:baseUrl": webex.url, "webex:accessToken": TOKEN, "trunking-test:pw": "Existing-Sip-Passw0rd-1" },
                secretConfig: ["webex:accessToken", "trunking-test:pw"],
            });
            stack.setResources([spec]);
            return stack;
        };
        const tg = stackOf("tg", trunkGroup("existing", { name: "EXISTING" }, { options: { import: "SP1/G1/EXISTING" } }));
        cases.push({ kind: "TrunkGroup", type: TG_TYPE, id: "SP1/G1/EXISTING", stack: tg, writes: () => tg.writes() });
        const wx = stackOf("webex", webexTrunk("existing", { name: "Existing LGW" }, { options: { import: trunkId } }));
        cases.push({ kind: "WebexTrunk", type: WEBEX_TYPE, id: trunkId, stack: wx, writes: () => webex.requests().filter((r) => r.method !== "GET") });
    });
    after(async () => {
        await odin?.close();
        await webex?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const kind of ["TrunkGroup", "WebexTrunk"]) {
        for (const command of ["preview", "up"] as const) {
            it(`${kind}, ${command}: Read(id) with no properties and no inputs fails in the host with "${HOST_MESSAGE}"`, async () => {
                const c = cases.find((x) => x.kind === kind)!;
                odin.clearRequests();
                webex.clearRequests();
                const s = await c.stack.engine[command]({ expectFailure: true });
                const reads = requestsOf(s.requests, "read");
                expect(reads).to.have.length(1);
                expect(reads[0].urn).to.equal(c.stack.engine.urn(c.type, "existing"));
                expect(reads[0].request).to.deep.equal({ id: c.id }); // neither properties nor inputs
                expect(reads[0].error!.message).to.contain(HOST_MESSAGE);
                expect(s.errors.join("\n")).to.contain(HOST_MESSAGE);
                expect(requestsOf(s.requests, "check", "create", "update")).to.deep.equal([]);
                expect(c.stack.engine.resource("existing")).to.equal(undefined);
                expect(c.writes()).to.deep.equal([]);
            });
        }
    }
});

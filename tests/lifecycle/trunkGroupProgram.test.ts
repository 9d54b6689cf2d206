import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { TrunkGroup } from "../../provider";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { LifecycleHarness } from "../harness/harness";

describe("a program of several TrunkGroups under setMocks", function () {
    this.timeout(60_000);
    let sim: OdinSimulator;
    let dir: string;

    before(async () => {
        sim = await startOdinSimulator();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-program-"));
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const program = () => {
        const cfg = new pulumi.Config();
        const trunks = ["A", "B", "C"].map(
            (n, i) =>
                new TrunkGroup(`edge-${n}`, {
                    serviceProviderId: "SP1",
                    groupId: "G1",
                    name: `Edge ${n}`,
                    maxActiveCalls: 2 + i,
                    requireAuthentication: true,
                    sipAuthenticationUserName: `edge${n}`.toLowerCase(),
                    // A plain string: TrunkGroup makes it a secret anyway.
                    sipAuthenticationPassword: cfg.require(`edge${n}Password`),
                }),
        );
        return {
            ids: trunks.map((t) => t.id),
            names: trunks.map((t) => t.name),
            states: trunks.map((t) => t.trunkGroupState),
            firstPassword: trunks[0].sipAuthenticationPassword,
        };
    };

    it("exports ids and read-only outputs, with the SIP password marked secret", async () => {
        const harness = new LifecycleHarness({
            stateFile: path.join(dir, "state.json"),
            config: {
                "odin:baseUrl": sim.url,
                "odin:username": "admin",
                "odin:password": "admin",
                "trunking-quickstart:edgeAPassword": "Edge-A-Secret-1",
                "trunking-quickstart:edgeBPassword": "Edge-B-Secret-1",
                "trunking-quickstart:edgeCPassword": "Edge-C-Secret-1",
            },
        });
        const s = await harness.up(program);
        expect(s.outputs.ids).to.deep.equal(["SP1/G1/Edge%20A", "SP1/G1/Edge%20B", "SP1/G1/Edge%20C"]);
        expect(s.outputs.names).to.deep.equal(["Edge A", "Edge B", "Edge C"]);
        expect(s.outputs.states).to.deep.equal(["Available", "Available", "Available"]);
        expect(s.secretOutputs).to.deep.equal(["firstPassword"]);
        expect(s.outputs.firstPassword).to.equal("Edge-A-Secret-1");
        const text = fs.readFileSync(path.join(dir, "state.json"), "utf8");
        for (const pw of ["Edge-A-Secret-1", "Edge-B-Secret-1", "Edge-C-Secret-1"]) {
            expect(text).not.to.contain(pw);
        }
        await harness.destroy();
    });
});

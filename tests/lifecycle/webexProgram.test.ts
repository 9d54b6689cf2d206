import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { WebexSimulator } from "../../provider/simulator/webex";
import { WebexTrunk } from "../../provider";
import { LifecycleHarness } from "../harness/harness";
import { LOCATIONS, TOKEN, startSim } from "../webex/webexFixtures";

const LGW_PASSWORD = "Lgw-Program-Sip-1";
const SBC_PASSWORD = "Sbc-Program-Sip-1";
const SEEDED_PASSWORD = "Seeded-Program-Sip";

describe("a program of WebexTrunks under setMocks", function () {
    this.timeout(60_000);
    let sim: WebexSimulator;
    let dir: string;
    let harness: LifecycleHarness;

    before(async () => {
        sim = await startSim({
            seed: { locations: LOCATIONS, trunks: [{ id: "SEEDED-1", name: "Existing LGW", locationId: LOCATIONS[2].id, password: SEEDED_PASSWORD, trunkType: "REGISTERING" }] },
        });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "webex-program-"));
        harness = new LifecycleHarness({
            stateFile: path.join(dir, "state.json"),
            config: {
                "webex:baseUrl": sim.url,
                "webex:accessToken": TOKEN,
                "trunking-quickstart:lgwPassword": LGW_PASSWORD,
                "trunking-quickstart:sbcPassword": SBC_PASSWORD,
                "trunking-quickstart:seededPassword": SEEDED_PASSWORD,
            },
            secretConfig: ["webex:accessToken"],
        });
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const program = (opts: { lgwLocation?: string; adopt?: boolean } = {}) => () => {
        const cfg = new pulumi.Config();
        const lgw = new WebexTrunk("lgw", {
            name: "Program LGW",
            locationId: opts.lgwLocation ?? LOCATIONS[0].id,
            // A plain string: WebexTrunk makes it a secret anyway.
            password: cfg.require("lgwPassword"),
            trunkType: "REGISTERING",
        });
        const sbc = new WebexTrunk("sbc", {
            name: "Program SBC",
            locationId: LOCATIONS[1].id,
            password: cfg.require("sbcPassword"),
            trunkType: "CERTIFICATE_BASED",
            deviceType: "Ribbon Session Border Controller",
            address: "sbc.program.example.com",
            domain: "program.example.com",
            port: 5061,
            maxConcurrentCalls: 300,
        });
        const out: Record<string, unknown> = {
            ids: [lgw.trunkId, sbc.trunkId],
            otgDtgId: lgw.otgDtgId,
            linePort: sbc.linePort,
            lgwPassword: lgw.password,
        };
        if (opts.adopt) {
            const existing = new WebexTrunk(
                "existing",
                { name: "Existing LGW", locationId: LOCATIONS[2].id, password: cfg.require("seededPassword"), trunkType: "REGISTERING" },
                { import: "SEEDED-1" },
            );
            out.existingId = existing.trunkId;
        }
        return out;
    };

    const writes = () => sim.requests().filter((r) => r.method !== "GET");

    it("up creates both trunks; outputs carry Webex's fields and the password is a secret output", async () => {
        const s = await harness.up(program());
        expect(s.creates).to.equal(2);
        const ids = s.outputs.ids as string[];
        expect(ids).to.have.length(2);
        expect(ids.every((id) => typeof id === "string" && id.length > 10)).to.equal(true);
        expect(s.outputs.otgDtgId).to.be.a("string");
        expect(s.outputs.linePort).to.be.a("string");
        expect(s.secretOutputs).to.deep.equal(["lgwPassword"]);
        const text = fs.readFileSync(path.join(dir, "state.json"), "utf8");
        for (const secret of [LGW_PASSWORD, SBC_PASSWORD, TOKEN]) {
            expect(text).not.to.contain(secret);
        }
    });

    it("a second up changes nothing and writes nothing", async () => {
        sim.clearRequests();
        const s = await harness.up(program());
        expect(s).to.include({ creates: 0, updates: 0, replaces: 0, deletes: 0, sames: 2 });
        expect(writes()).to.deep.equal([]);
    });

    it("refresh finds nothing changed, and up after it is still a no-op", async () => {
        const r = await harness.refresh();
        expect(r.changes).to.deep.equal([]);
        const s = await harness.up(program());
        expect(s.sames).to.equal(2);
    });

    it("moving the LGW to another location replaces it (delete first: same name)", async () => {
        sim.clearRequests();
        const s = await harness.up(program({ lgwLocation: LOCATIONS[2].id }));
        expect(s).to.include({ replaces: 1, sames: 1 });
        expect(writes().map((r) => r.method)).to.deep.equal(["DELETE", "POST"]);
        expect(sim.state().trunks?.find((t) => t.name === "Program LGW")?.locationId).to.equal(LOCATIONS[2].id);
    });

    it("adopting an existing trunk with the import option shows no diff and writes nothing", async () => {
        sim.clearRequests();
        const s = await harness.up(program({ lgwLocation: LOCATIONS[2].id, adopt: true }));
        expect(s).to.include({ imports: 1, sames: 2, creates: 0, updates: 0 });
        expect(s.outputs.existingId).to.equal("SEEDED-1");
        expect(writes()).to.deep.equal([]);
    });

    it("destroy deletes every trunk, and the host never printed a secret", async () => {
        const s = await harness.destroy();
        expect(s.deletes).to.equal(3);
        expect(sim.state().trunks).to.deep.equal([]);
        for (const secret of [LGW_PASSWORD, SBC_PASSWORD, SEEDED_PASSWORD, TOKEN]) {
            expect(harness.logs()).not.to.contain(secret);
        }
    });
});

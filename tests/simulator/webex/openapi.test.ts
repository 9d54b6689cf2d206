import { expect } from "chai";
import { WebexSimulator, startWebexSimulator } from "../../../provider/simulator/webex";
import { LOCATIONS, TRUNKS, caller, cert, reg, srv } from "./helpers";
import { ResponseValidator, Shape } from "./openapi";

const T = "/telephony/config/premisePstn/trunks";

/** Every documented endpoint and status the simulator answers with, as [method, spec path template, concrete path, body]. */
async function exercise(sim: WebexSimulator): Promise<Array<{ method: string; template: string; status: number; body: unknown }>> {
    const call = caller(sim);
    const out: Array<{ method: string; template: string; status: number; body: unknown }> = [];
    const hit = async (method: string, template: string, concrete: string, body?: unknown) => {
        const a = await call(method, concrete, body);
        out.push({ method, template, status: a.status, body: a.body });
        return a;
    };
    const r = (await hit("POST", T, TRUNKS, reg("LGW R"))).body.id;
    const c = (await hit("POST", T, TRUNKS, cert("SBC C"))).body.id;
    const s = (await hit("POST", T, TRUNKS, srv("SBC S"))).body.id;
    for (const id of [r, c, s]) {
        await hit("GET", `${T}/{trunkId}`, `${TRUNKS}/${id}`);
        for (const u of ["usage", "usageDialPlan", "usagePstnConnection", "usageRouteGroup", "usageCallToExtension"]) {
            await hit("GET", `${T}/{trunkId}/${u}`, `${TRUNKS}/${id}/${u}`);
        }
    }
    sim.setPartial(c, { code: 25013 });
    sim.setPartial(s, { code: 25014 });
    await hit("GET", `${T}/{trunkId}`, `${TRUNKS}/${c}`);
    await hit("GET", `${T}/{trunkId}`, `${TRUNKS}/${s}`);
    await hit("GET", T, TRUNKS);
    await hit("GET", `${T}/trunkTypes`, `${TRUNKS}/trunkTypes`);
    await hit("POST", `${T}/actions/fqdnValidation/invoke`, `${TRUNKS}/actions/fqdnValidation/invoke`, { address: "free", domain: "example.com" });
    await hit("PUT", `${T}/{trunkId}`, `${TRUNKS}/${r}`, { name: "LGW R2", password: "Pa55-word" });
    await hit("DELETE", `${T}/{trunkId}`, `${TRUNKS}/${r}`);
    return out;
}

describe("Webex simulator responses against webex-trunks.openapi.yml (with the documented corrections)", () => {
    for (const shape of ["wxc_sdk", "spec"] as Shape[]) {
        it(`every answer of a full session validates, ${shape} shape`, async () => {
            const validator = new ResponseValidator(shape);
            const sim = await startWebexSimulator({
                trunkGetShape: shape,
                seed: {
                    locations: [{ ...LOCATIONS[0], pstnConnection: { type: "TRUNK", id: "USED" } }, LOCATIONS[1]],
                    trunks: [{ id: "USED", name: "Used", locationId: LOCATIONS[0].id, password: "x", trunkType: "REGISTERING" }],
                    dialPlans: [{ name: "DP", routeType: "TRUNK", routeId: "USED" }],
                    routeGroups: [{ name: "RG", localGateways: [{ id: "USED", priority: 1 }] }],
                },
            });
            try {
                const answers = await exercise(sim);
                // ...and the references of a trunk that has some.
                const call = caller(sim);
                for (const u of ["usage", "usageDialPlan", "usagePstnConnection", "usageRouteGroup", "usageCallToExtension"]) {
                    const a = await call("GET", `${TRUNKS}/USED/${u}`);
                    answers.push({ method: "GET", template: `${T}/{trunkId}/${u}`, status: a.status, body: a.body });
                }
                expect(answers.map((a) => a.status)).to.include.members([200, 201, 204, 206]);
                expect(answers.every((a) => a.status < 300), JSON.stringify(answers.filter((a) => a.status >= 300))).to.equal(true);
                const problems = answers.flatMap((a) => validator.errors(a.method, a.template, a.status, a.body));
                expect(problems).to.deep.equal([]);
            } finally {
                await sim.close();
            }
        });
    }

    it("the validator does fail: wrong types, a missing required key, a stray key, the other shape", () => {
        const wx = new ResponseValidator("wxc_sdk");
        const spec = new ResponseValidator("spec");
        const get = `${T}/{trunkId}`;
        const good = {
            id: "X",
            name: "n",
            organization: { id: "o", name: "O" },
            location: { id: "l", name: "L" },
            status: "online",
            responseStatus: [],
            trunkType: "REGISTERING",
            pChargeInfoSupportPolicy: "DISABLED",
        };
        expect(wx.errors("GET", get, 200, good)).to.deep.equal([]);
        expect(wx.errors("GET", get, 200, { ...good, port: "5061" })).to.have.length.above(0);
        expect(wx.errors("GET", get, 200, { ...good, organization: undefined })).to.have.length.above(0);
        expect(wx.errors("GET", get, 200, { ...good, maxConcurentCalls: 3 })).to.have.length.above(0);
        expect(wx.errors("GET", get, 200, { ...good, status: "ONLINE" })).to.have.length.above(0);
        expect(spec.errors("GET", get, 200, good)).to.have.length.above(0);
        expect(wx.errors("GET", `${T}/trunkTypes`, 200, { trunkTypes: [{ trunkType: "REGISTERING", deviceTypes: ["DEVICE"] }] })).to.have.length.above(0);
        expect(wx.errors("GET", `${T}/{trunkId}/usageRouteGroup`, 200, { routeGroups: [] })).to.have.length.above(0);
        expect(wx.errors("DELETE", get, 204, { id: "x" })).to.have.length.above(0);
    });
});

import Ajv, { ValidateFunction } from "ajv";
import { expect } from "chai";
import { readFileSync } from "fs";
import { parse } from "yaml";
import type { WebexSimulator } from "../../provider/simulator/webex";
import { handlers, resetForTests } from "../../provider/webex/trunk/handlers";
import { checkInputs } from "../../provider/kit/check";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";
import { specPath, toDefs } from "../simulator/webex/openapi";
import { LOCATIONS, TOKEN, certificateBody, makeClient, registeringBody, startSim } from "./webexFixtures";

const SPEC = specPath();

/**
 * The spec's component schemas, made strict for ajv: `additionalProperties:
 * false` on the request bodies, so a stray key (orgId, __provider, a typo)
 * fails as surely as a missing or mistyped one. `$ref`s resolve inside the
 * document through its $id. OpenAPI's `example` keyword is declared so ajv's
 * strict mode accepts it; the DeviceType enum clash only affects the
 * trunkTypes response, not the bodies validated here.
 */
function validators(): { post: ValidateFunction; put: ValidateFunction } {
    const doc = parse(readFileSync(SPEC, "utf8"));
    const schemas = structuredClone(doc.components.schemas);
    for (const name of ["TrunkPost", "TrunkPut"]) {
        schemas[name].additionalProperties = false;
    }
    const ajv = new Ajv({ strict: true, allErrors: true });
    ajv.addKeyword("example");
    const $defs = toDefs(schemas) as Record<string, unknown>;
    return {
        post: ajv.compile({ $ref: "#/$defs/TrunkPost", $defs }),
        put: ajv.compile({ $ref: "#/$defs/TrunkPut", $defs }),
    };
}

describe("Webex request bodies against webex-trunks.openapi.yml", () => {
    let sim: WebexSimulator;
    const { post, put } = validators();

    before(async () => {
        sim = await startSim({ pageSize: 2 });
    });
    after(async () => {
        await sim.close();
        resetForTests();
    });

    it("the converted schemas do reject bad bodies", () => {
        expect(post({ name: "a", locationId: "l", password: "p", trunkType: "REGISTERING" })).to.equal(true);
        expect(post({ name: "a", locationId: "l", password: "p", trunkType: "SOMETHING" })).to.equal(false);
        expect(post({ name: "a", locationId: "l", password: "p", trunkType: "REGISTERING", orgId: "x" })).to.equal(false);
        expect(put({ name: "a" })).to.equal(false);
        expect(put({ name: "a", password: "p", locationId: "l" })).to.equal(false);
        expect(put({ name: "a", password: "p", pChargeInfoSupportPolicy: "DISABLED", maxConcurrentCalls: 3, dualIdentitySupportEnabled: true })).to.equal(true);
    });

    it("every POST and PUT the client and the handlers send validates", async () => {
        const { client } = makeClient(sim);
        const a = await client.createTrunk(registeringBody("LGW A", { dualIdentitySupportEnabled: true, pChargeInfoSupportPolicy: "CONFIGURABLE_CHARGE_NUMBER" }));
        await client.createTrunk(certificateBody("SBC B", { deviceType: "AudioCodes Session Border Controller" }));
        await client.updateTrunk(a.id, { name: "LGW A2", password: "Sip-Pa55word-9", dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "DISABLED" });

        const config: Record<string, string> = { "webex:baseUrl": sim.url, "webex:accessToken": TOKEN };
        resetForTests({ get: (k: string) => config[k] });
        // A POST whose answer is lost, found again by the resource's create: still one valid POST.
        sim.setFaults([{ kind: "dropAfterApply", method: "POST", count: 1 }]);
        await handlers.create(checkInputs(WEBEX_TRUNK, {}, registeringBody("LGW C")).inputs);
        sim.setFaults([]);
        const inputs = checkInputs(WEBEX_TRUNK, {}, {
            name: "SBC D",
            locationId: LOCATIONS[2].id,
            password: "Sip-Pa55word-3",
            trunkType: "CERTIFICATE_BASED",
            address: "d.sbc.example.com",
            domain: "example.com",
            port: 5062,
            maxConcurrentCalls: 250,
            __provider: "not sent",
        }).inputs;
        const created = await handlers.create(inputs);
        await handlers.update!(created.id, created.outs, { ...inputs, name: "SBC D2", pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" });
        const reg = await handlers.create(checkInputs(WEBEX_TRUNK, {}, { name: "LGW E", locationId: LOCATIONS[0].id, password: "Sip-Pa55word-4", trunkType: "REGISTERING" }).inputs);
        await handlers.update!(reg.id, reg.outs, checkInputs(WEBEX_TRUNK, reg.outs, { name: "LGW E", locationId: LOCATIONS[0].id, password: "Sip-Pa55word-5", trunkType: "REGISTERING" }).inputs);

        const writes = sim.requests().filter((r) => r.method === "POST" || r.method === "PUT");
        expect(writes.filter((r) => r.method === "POST")).to.have.length(5);
        expect(writes.filter((r) => r.method === "PUT")).to.have.length(3);
        for (const w of writes) {
            const validate = w.method === "POST" ? post : put;
            expect(validate(w.body), `${w.method} ${JSON.stringify(w.body)}: ${JSON.stringify(validate.errors)}`).to.equal(true);
        }
    });
});

import { expect } from "chai";
import fc from "fast-check";
import { diffInputs, differingFields } from "../../provider/kit/diff";
import { inputsFromOutputs } from "../../provider/kit/state";
import { UNKNOWN, fieldNames } from "../../provider/kit/schema";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";
import { buildOutputs, reportedValues } from "../../provider/webex/trunk/state";
import type { TrunkGet } from "../../provider/webex/types";

const registering = { name: "LGW Boston", locationId: "LOC1", password: "s3cret-Pa55word", trunkType: "REGISTERING" };
const certificate = {
    name: "SBC London",
    locationId: "LOC2",
    password: "s3cret-Pa55word",
    trunkType: "CERTIFICATE_BASED",
    address: "sbc1.example.com",
    domain: "example.com",
    port: 5061,
    maxConcurrentCalls: 100,
};

/** What the outputs look like after a create: the server's GET (with its defaults) plus the kept password. */
function outputsFor(inputs: Record<string, unknown>, server: Partial<TrunkGet> = {}): Record<string, unknown> {
    const get: TrunkGet = {
        id: "T1",
        name: String(inputs.name),
        location: { id: String(inputs.locationId), name: "Boston" },
        trunkType: String(inputs.trunkType),
        deviceType: "Cisco Unified Border Element",
        dualIdentitySupportEnabled: false,
        pChargeInfoSupportPolicy: "DISABLED",
        maxConcurrentCalls: (inputs.maxConcurrentCalls as number) ?? 1000,
        status: "online",
        otgDtgId: "lgw_1_lgu",
        ...(inputs.trunkType === "CERTIFICATE_BASED" ? { address: inputs.address as string, domain: inputs.domain as string, port: inputs.port as number } : {}),
        ...server,
    };
    return buildOutputs({ trunk: get, httpStatus: 200, partial: [] }, "T1", inputs, undefined);
}

describe("WebexTrunk diff", () => {
    it("shows no change for an unchanged program, whatever defaults Webex filled in", () => {
        for (const inputs of [registering, certificate]) {
            expect(diffInputs(WEBEX_TRUNK, outputsFor(inputs), inputs)).to.deep.equal({ changes: false, changedKeys: [], replaces: [], deleteBeforeReplace: false });
        }
    });

    it("updates name, password, dual identity, max calls and P-Charge-Info in place", () => {
        const olds = outputsFor(certificate);
        const news = { ...certificate, name: "SBC London 2", password: "other-Pa55", dualIdentitySupportEnabled: true, maxConcurrentCalls: 200, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" };
        const d = diffInputs(WEBEX_TRUNK, olds, news);
        expect(d.changes).to.equal(true);
        expect(d.replaces).to.deep.equal([]);
        expect(d.changedKeys).to.have.members(["name", "password", "dualIdentitySupportEnabled", "maxConcurrentCalls", "pChargeInfoSupportPolicy"]);
    });

    for (const [key, value] of [
        ["locationId", "LOC9"],
        ["trunkType", "REGISTERING"],
        ["deviceType", "Ribbon Session Border Controller"],
        ["address", "sbc2.example.com"],
        ["domain", "example.org"],
        ["port", 5062],
        ["orgId", "ORG2"],
    ] as const) {
        it(`${key} forces a replacement`, () => {
            const olds = { ...outputsFor(certificate), orgId: "ORG1" };
            const d = diffInputs(WEBEX_TRUNK, olds, { ...certificate, [key]: value });
            expect(d.replaces).to.deep.equal([key]);
        });
    }

    it("deletes before replacing when the name stays (names are unique)", () => {
        const d = diffInputs(WEBEX_TRUNK, outputsFor(registering), { ...registering, locationId: "LOC9" });
        expect(d).to.include({ changes: true, deleteBeforeReplace: true });
    });

    it("deletes first when the name changes only in case: Webex counts it as the same name", () => {
        const d = diffInputs(WEBEX_TRUNK, outputsFor(registering), { ...registering, locationId: "LOC9", name: "lgw boston" });
        expect(d).to.include({ changes: true, deleteBeforeReplace: true });
    });

    it("creates before deleting when the name changes too", () => {
        const d = diffInputs(WEBEX_TRUNK, outputsFor(registering), { ...registering, locationId: "LOC9", name: "LGW Boston 2" });
        expect(d).to.include({ changes: true, deleteBeforeReplace: false });
    });

    it("deletes first when a renamed certificate-based replacement keeps its address (27571)", () => {
        const d = diffInputs(WEBEX_TRUNK, outputsFor(certificate), { ...certificate, locationId: "LOC9", name: "SBC London 2" });
        expect(d.deleteBeforeReplace).to.equal(true);
        const moved = diffInputs(WEBEX_TRUNK, outputsFor(certificate), { ...certificate, port: 5062, name: "SBC London 2" });
        expect(moved.deleteBeforeReplace).to.equal(false);
    });

    describe("an SRV-addressed certificate trunk (no port)", () => {
        const { port: _port, ...srv } = certificate;

        it("shows no change while neither the program nor Webex has a port", () => {
            expect(diffInputs(WEBEX_TRUNK, outputsFor(srv), srv).changes).to.equal(false);
            expect(diffInputs(WEBEX_TRUNK, outputsFor(srv), inputsFromOutputs(WEBEX_TRUNK, outputsFor(srv))).changes).to.equal(false);
        });

        it("replaces when the program leaves the port out of an FQDN trunk, or adds one to an SRV trunk", () => {
            expect(diffInputs(WEBEX_TRUNK, outputsFor(certificate), srv)).to.include({ changes: true }).and.deep.include({ replaces: ["port"] });
            expect(diffInputs(WEBEX_TRUNK, outputsFor(srv), certificate)).to.deep.include({ replaces: ["port"] });
        });

        it("keeps no port in the outputs that Webex does not report, whatever was sent", () => {
            const outs = outputsFor(certificate, { port: undefined });
            expect(outs).not.to.have.property("port");
            expect(inputsFromOutputs(WEBEX_TRUNK, outs)).not.to.have.property("port");
        });

        it("a trunk found by name after a lost POST is not ours when it has a port the program left out", () => {
            const trunk = { id: "T1", name: "SBC London", location: { id: "LOC2", name: "London" }, trunkType: "CERTIFICATE_BASED", address: "sbc1.example.com", domain: "example.com", port: 5061, maxConcurrentCalls: 100 };
            const found = reportedValues({ trunk, httpStatus: 200, partial: [] }, "T1");
            expect(differingFields(WEBEX_TRUNK, srv, found)).to.deep.equal(["port"]);
            expect(differingFields(WEBEX_TRUNK, certificate, found)).to.deep.equal([]);
        });

        it("a registering trunk's missing port is no difference", () => {
            expect(diffInputs(WEBEX_TRUNK, outputsFor(registering, { port: 5060 }), registering).changes).to.equal(false);
        });
    });

    it("ignores case in enums and host names, and numbers-as-strings", () => {
        const olds = outputsFor(certificate, { trunkType: "certificate_based", address: "SBC1.example.com", port: "5061" as unknown as number });
        expect(diffInputs(WEBEX_TRUNK, olds, certificate).changes).to.equal(false);
    });

    it("compares the password with the previous input; outputs without one (a half-made create) ask for the update that sends it", () => {
        const olds = outputsFor(registering);
        expect(olds.password).to.equal(registering.password);
        expect(diffInputs(WEBEX_TRUNK, olds, { ...registering, password: "new-Pa55" }).changedKeys).to.deep.equal(["password"]);
        const withoutPassword = { ...olds };
        delete withoutPassword.password;
        // Claiming no change here hid every later password change (issue 11, defect 2).
        expect(diffInputs(WEBEX_TRUNK, withoutPassword, registering)).to.deep.include({ changedKeys: ["password"], replaces: [] });
    });

    it("does not replace over an orgId that was never recorded", () => {
        expect(diffInputs(WEBEX_TRUNK, outputsFor(registering), { ...registering, orgId: "ORG" }).changes).to.equal(false);
    });

    it("treats unknown values as changes (and a replacement for immutable ones)", () => {
        const d = diffInputs(WEBEX_TRUNK, outputsFor(registering), { ...registering, name: UNKNOWN, locationId: UNKNOWN });
        expect(d.changedKeys).to.have.members(["name", "locationId"]);
        expect(d.replaces).to.deep.equal(["locationId"]);
        expect(d.deleteBeforeReplace).to.equal(true);
        expect(diffInputs(WEBEX_TRUNK, outputsFor(registering), { ...registering, password: UNKNOWN }).changedKeys).to.deep.equal(["password"]);
    });

    it("ignores unknown keys and __provider", () => {
        expect(diffInputs(WEBEX_TRUNK, outputsFor(registering), { ...registering, __provider: "x", bogus: 1 }).changes).to.equal(false);
    });

    it("a field the program stops setting is left as it is", () => {
        const news = { ...registering, dualIdentitySupportEnabled: true };
        const olds = outputsFor(news, { dualIdentitySupportEnabled: true });
        expect(diffInputs(WEBEX_TRUNK, olds, registering).changes).to.equal(false);
    });

    it("read's reconstructed inputs give no diff against the outputs they came from", () => {
        for (const inputs of [registering, certificate]) {
            const outs = outputsFor(inputs);
            const back = inputsFromOutputs(WEBEX_TRUNK, outs);
            expect(diffInputs(WEBEX_TRUNK, outs, back).changes).to.equal(false);
            expect(back).to.include(inputs);
        }
    });

    describe("properties", () => {
        const value = fc.oneof(fc.anything(), fc.constant(UNKNOWN), fc.constant(null), fc.integer(), fc.string());
        const shaped = fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames(WEBEX_TRUNK)), fc.string()), value);

        it("diff(x, x) never reports a change, for any x", () => {
            fc.assert(
                fc.property(fc.oneof(fc.anything(), shaped), (x) => {
                    const d = diffInputs(WEBEX_TRUNK, x, x);
                    return d.changes === false && d.replaces.length === 0 && d.deleteBeforeReplace === false;
                }),
                { numRuns: 3000 },
            );
        });

        it("diff(x, structuredClone(x)) never reports a change either", () => {
            fc.assert(
                fc.property(shaped, (x) => diffInputs(WEBEX_TRUNK, x, structuredClone(x)).changes === false),
                { numRuns: 2000 },
            );
        });

        it("never throws, replaces only immutable fields, and deleteBeforeReplace implies a replacement", () => {
            const immutable = ["locationId", "trunkType", "deviceType", "address", "domain", "port", "orgId"];
            fc.assert(
                fc.property(fc.anything(), fc.oneof(fc.anything(), shaped), (olds, news) => {
                    const d = diffInputs(WEBEX_TRUNK, olds, news);
                    return d.replaces.every((k) => immutable.includes(k)) && (!d.deleteBeforeReplace || d.replaces.length > 0) && d.changes === d.changedKeys.length > 0;
                }),
                { numRuns: 3000 },
            );
        });
    });
});

import { expect } from "chai";
import fc from "fast-check";
import { UNKNOWN, fieldNames } from "../../provider/kit/schema";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";
import { checkInputs } from "../../provider/kit/check";

const PASSWORD = "s3cret-Pa55word";
const registering = { name: "LGW Boston", locationId: "LOC1", password: PASSWORD, trunkType: "REGISTERING" };
const certificate = {
    name: "SBC London",
    locationId: "LOC2",
    password: PASSWORD,
    trunkType: "CERTIFICATE_BASED",
    address: "sbc1.example.com",
    domain: "example.com",
    port: 5061,
    maxConcurrentCalls: 100,
};

const failuresOf = (news: unknown) => checkInputs(WEBEX_TRUNK, {}, news).failures;
const propsOf = (news: unknown) => failuresOf(news).map((f) => f.property);
const reasonFor = (news: unknown, prop: string) => failuresOf(news).find((f) => f.property === prop)?.reason ?? "";

describe("WebexTrunk check", () => {
    it("accepts a minimal registering trunk and a complete certificate-based one, adding nothing", () => {
        expect(checkInputs(WEBEX_TRUNK, {}, registering)).to.deep.equal({ inputs: registering, failures: [] });
        expect(checkInputs(WEBEX_TRUNK, {}, certificate)).to.deep.equal({ inputs: certificate, failures: [] });
    });

    it("accepts every optional field with valid values", () => {
        const all = { ...certificate, deviceType: "Ribbon Session Border Controller", dualIdentitySupportEnabled: true, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY", orgId: "ORG" };
        expect(failuresOf(all)).to.deep.equal([]);
    });

    describe("required fields", () => {
        for (const key of ["name", "locationId", "password", "trunkType"]) {
            it(`${key} is required, also when null`, () => {
                expect(propsOf({ ...registering, [key]: undefined })).to.include(key);
                expect(reasonFor({ ...registering, [key]: null }, key)).to.match(new RegExp(`^${key} is required`));
            });
        }

        it("certificate-based trunks need address, domain and maxConcurrentCalls", () => {
            const bare = { ...registering, trunkType: "CERTIFICATE_BASED" };
            expect(propsOf(bare).sort()).to.deep.equal(["address", "domain", "maxConcurrentCalls"]);
            expect(reasonFor(bare, "address")).to.include("CERTIFICATE_BASED");
        });

        it("a certificate-based trunk without a port is addressed by DNS SRV, and passes as it is", () => {
            const { port: _port, ...srv } = certificate;
            expect(checkInputs(WEBEX_TRUNK, {}, srv)).to.deep.equal({ inputs: srv, failures: [] });
            // The previous program's port is not carried over: leaving it out asks for SRV.
            expect(checkInputs(WEBEX_TRUNK, certificate, srv).inputs).not.to.have.property("port");
        });

        it("registering trunks refuse the certificate-only fields instead of silently ignoring them", () => {
            const f = failuresOf({ ...registering, address: "a.example.com", domain: "example.com", port: 5060 });
            expect(f.map((x) => x.property)).to.deep.equal(["address", "domain", "port"]);
            expect(f[0].reason).to.equal('address is only used when trunkType is "CERTIFICATE_BASED"; set trunkType: "CERTIFICATE_BASED" or remove address');
        });

        it("registering trunks refuse maxConcurrentCalls too: Webex refuses it, the device type sets their limit", () => {
            const f = failuresOf({ ...registering, maxConcurrentCalls: 500 });
            expect(f).to.deep.equal([
                { property: "maxConcurrentCalls", reason: 'maxConcurrentCalls is only used when trunkType is "CERTIFICATE_BASED"; set trunkType: "CERTIFICATE_BASED" or remove maxConcurrentCalls' },
            ]);
        });
    });

    describe("enums", () => {
        it("lists the allowed values and spots a case slip", () => {
            const r = reasonFor({ ...registering, trunkType: "registering" }, "trunkType");
            expect(r).to.include('"REGISTERING", "CERTIFICATE_BASED"').and.include('did you mean "REGISTERING"?');
            const p = reasonFor({ ...registering, pChargeInfoSupportPolicy: "SOMETIMES" }, "pChargeInfoSupportPolicy");
            expect(p).to.include('"DISABLED", "ASSERTED_IDENTITY", "CONFIGURABLE_CHARGE_NUMBER"');
        });
    });

    describe("types and ranges", () => {
        const cases: [string, unknown, RegExp][] = [
            ["port", 0, /1 to 65535/],
            ["port", 65536, /1 to 65535/],
            ["port", 5060.5, /integer/],
            ["port", "5061", /not a string/],
            ["maxConcurrentCalls", 0, /at least 1/],
            ["maxConcurrentCalls", 2.5, /integer/],
            ["maxConcurrentCalls", -3, /at least 1/],
            ["dualIdentitySupportEnabled", "yes", /true or false/],
            ["deviceType", 7, /must be a string/],
            ["orgId", "", /must not be empty/],
            ["locationId", "   ", /must not be empty/],
            ["address", "https://sbc.example.com", /without a scheme/],
            ["domain", "exa mple.com", /spaces/],
        ];
        for (const [key, value, re] of cases) {
            it(`${key} = ${JSON.stringify(value)} is refused`, () => {
                expect(reasonFor({ ...certificate, [key]: value }, key)).to.match(re);
            });
        }
        it("port 1 and 65535 and maxConcurrentCalls 1 are fine", () => {
            expect(failuresOf({ ...certificate, port: 1, maxConcurrentCalls: 1 })).to.deep.equal([]);
            expect(failuresOf({ ...certificate, port: 65535 })).to.deep.equal([]);
        });
    });

    describe("name", () => {
        it("allows 24 characters and explains the limit past that", () => {
            expect(failuresOf({ ...registering, name: "x".repeat(24) })).to.deep.equal([]);
            const r = reasonFor({ ...registering, name: "x".repeat(25) }, "name");
            expect(r).to.include("25 characters").and.include("at most 24").and.include("wxc_sdk");
        });
        it("counts characters, not UTF-16 units", () => {
            expect(failuresOf({ ...registering, name: "☎".repeat(24) })).to.deep.equal([]);
        });
    });

    describe("password", () => {
        for (const bad of ["abc?def", "abc!def"]) {
            it(`refuses ${bad} with Webex's error code, without echoing it`, () => {
                const r = reasonFor({ ...registering, password: bad }, "password");
                expect(r).to.include("25015");
                expect(r).not.to.include(bad);
            });
        }
        it("leaves the location's policy (length, character classes) to Webex: check cannot read it", () => {
            // Refused by a location with the usual policy, but not by every location: only "?" and "!" are.
            expect(failuresOf({ ...registering, password: "weakpass" })).to.deep.equal([]);
        });
        it("never shows a wrongly typed password's value", () => {
            const r = reasonFor({ ...registering, password: 987654321 }, "password");
            expect(r).to.include("a number").and.not.include("987654321");
            expect(reasonFor({ ...registering, password: "" }, "password")).to.include("empty");
        });
        it("no failure message ever contains the password", () => {
            fc.assert(
                fc.property(fc.dictionary(fc.string(), fc.anything()), fc.string({ minLength: 4 }), (extra, pw) => {
                    const secret = `PW${pw}`;
                    const f = checkInputs(WEBEX_TRUNK, {}, { ...extra, password: secret });
                    return f.failures.every((x) => !x.reason.includes(secret));
                }),
            );
        });
    });

    describe("unknown keys", () => {
        it("suggests the nearest valid name", () => {
            const f = failuresOf({ ...registering, passwrod: "x", maxConcurentCalls: 3 });
            expect(f.find((x) => x.property === "passwrod")?.reason).to.include("did you mean password?");
            expect(f.find((x) => x.property === "maxConcurentCalls")?.reason).to.include("did you mean maxConcurrentCalls?");
        });
        it("does not treat Object.prototype names as fields", () => {
            const news = JSON.parse(`{"name":"a","locationId":"l","password":"p1234","trunkType":"REGISTERING","constructor":1,"__proto__":{"x":1},"toString":2}`);
            const r = checkInputs(WEBEX_TRUNK, {}, news);
            expect(r.failures.map((f) => f.property).sort()).to.deep.equal(["__proto__", "constructor", "toString"]);
            expect(Object.getPrototypeOf(r.inputs)).to.equal(Object.prototype);
        });
        it("drops declared-but-unset outputs and refuses values for them", () => {
            const r = checkInputs(WEBEX_TRUNK, {}, { ...registering, trunkId: null, otgDtgId: undefined, status: "online" });
            expect(r.inputs).to.deep.equal(registering);
            expect(r.failures).to.deep.equal([{ property: "status", reason: "status is read-only: Webex sets it, so it is an output, not an input; remove it from the inputs" }]);
        });
        it("passes __provider through untouched", () => {
            const r = checkInputs(WEBEX_TRUNK, {}, { ...registering, __provider: "exports.handler = ..." });
            expect(r.inputs.__provider).to.equal("exports.handler = ...");
            expect(r.failures).to.deep.equal([]);
        });
    });

    describe("preview with unknown values", () => {
        it("skips validation of unknowns, including the cross-field rules", () => {
            const news = { name: UNKNOWN, locationId: UNKNOWN, password: UNKNOWN, trunkType: UNKNOWN, port: UNKNOWN };
            expect(checkInputs(WEBEX_TRUNK, {}, news)).to.deep.equal({ inputs: news, failures: [] });
            expect(failuresOf({ ...certificate, address: UNKNOWN, port: UNKNOWN, maxConcurrentCalls: UNKNOWN })).to.deep.equal([]);
        });
    });

    describe("totality (property-based)", () => {
        it("never throws and always returns failures with string property and reason, on anything", () => {
            fc.assert(
                fc.property(fc.anything(), fc.anything(), (olds, news) => {
                    const r = checkInputs(WEBEX_TRUNK, olds, news);
                    return typeof r.inputs === "object" && r.failures.every((f) => typeof f.property === "string" && typeof f.reason === "string");
                }),
                { numRuns: 2000 },
            );
        });
        it("never throws on objects shaped like the inputs with arbitrary values", () => {
            const shaped = fc.record(Object.fromEntries(fieldNames(WEBEX_TRUNK).map((k) => [k, fc.oneof(fc.anything(), fc.constant(UNKNOWN))])), { requiredKeys: [] });
            fc.assert(
                fc.property(shaped, (news) => {
                    const r = checkInputs(WEBEX_TRUNK, {}, news);
                    return Array.isArray(r.failures);
                }),
                { numRuns: 2000 },
            );
        });
        it("anything it accepts has the required fields", () => {
            fc.assert(
                fc.property(fc.dictionary(fc.constantFrom(...fieldNames(WEBEX_TRUNK)), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (news) => {
                    const r = checkInputs(WEBEX_TRUNK, {}, news);
                    return r.failures.length > 0 || ["name", "locationId", "password", "trunkType"].every((k) => k in r.inputs);
                }),
            );
        });
    });
});

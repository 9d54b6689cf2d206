import { expect } from "chai";
import { WebexSimulator, startWebexSimulator } from "../../../provider/simulator/webex";
import { LOCATIONS, TRUNKS, caller, cert, expectWebexError, reg } from "./helpers";

describe("Webex simulator: list (GET /trunks)", () => {
    let sim: WebexSimulator;
    let call: ReturnType<typeof caller>;

    beforeEach(async () => {
        sim = await startWebexSimulator({ pageSize: 2 });
        call = caller(sim);
        for (const n of ["Bravo", "alpha", "Charlie", "Delta", "Echo"]) {
            await call("POST", TRUNKS, reg(n, n === "Delta" ? { locationId: LOCATIONS[2].id } : {}));
        }
        await call("POST", TRUNKS, cert("SBC"));
    });
    afterEach(async () => {
        await sim.close();
    });

    const names = async (q: string) => (await call("GET", `${TRUNKS}?max=2&${q}`)).body.trunks.map((t: any) => t.name);

    it("pages with max/start and RFC 5988 next and prev links", async () => {
        const first = await call("GET", `${TRUNKS}?max=2`);
        expect(first.body.trunks.map((t: any) => t.name)).to.deep.equal(["alpha", "Bravo"]);
        const link = first.headers.get("link")!;
        expect(link).to.match(/^<http:\/\/127\.0\.0\.1:\d+\/v1\/telephony\/config\/premisePstn\/trunks\?max=2&start=2>; rel="next"$/);
        const second = await call("GET", `${TRUNKS}?max=2&start=2`);
        expect(second.headers.get("link")).to.include('rel="next"').and.include('rel="prev"');
        const last = await call("GET", `${TRUNKS}?start=4`);
        expect(last.body.trunks).to.have.length(2);
        expect(last.headers.get("link")).not.to.include('rel="next"');
    });

    it("caps max at the page size, with a next link", async () => {
        const a = await call("GET", `${TRUNKS}?max=50`);
        expect(a.body.trunks).to.have.length(2);
        expect(a.headers.get("link")).to.include('rel="next"');
    });

    it("refuses a negative start or a zero max", async () => {
        expectWebexError(await call("GET", `${TRUNKS}?start=-1`), 400, /start must be a non-negative integer/);
        expectWebexError(await call("GET", `${TRUNKS}?max=0`), 400, /max a positive integer/);
    });

    it("filters by name (comma-separated, loose), locationName and trunkType", async () => {
        expect(await names("name=ALPHA,charl")).to.deep.equal(["alpha", "Charlie"]);
        expect(await names(`locationName=${encodeURIComponent("London")}`)).to.deep.equal(["Delta"]);
        expect(await names("trunkType=CERTIFICATE_BASED")).to.deep.equal(["SBC"]);
        expectWebexError(await call("GET", `${TRUNKS}?trunkType=SIP`), 400, /Invalid trunkType SIP/);
    });

    describe("order", () => {
        it("sorts by name or locationName, ascending unless -desc", async () => {
            expect(await names("order=name-desc")).to.deep.equal(["SBC", "Echo"]);
            expect(await names("order=name")).to.deep.equal(["alpha", "Bravo"]);
            expect(await names("order=name-asc")).to.deep.equal(["alpha", "Bravo"]);
            // Boston < London < San Jose; ties by the next key.
            expect(await names("order=locationName-desc,name-asc")).to.deep.equal(["SBC", "Delta"]);
            expect(await names("order=locationName,name-desc")).to.deep.equal(["Echo", "Charlie"]);
        });

        for (const bad of ["size", "name-up", "name-asc-desc", "-asc", "name,", "NAME"]) {
            it(`refuses order=${bad} with 400 / 25020`, async () => {
                expectWebexError(await call("GET", `${TRUNKS}?order=${encodeURIComponent(bad)}`), 400, /Invalid order .*sort fields are name, locationName/, 25020);
            });
        }
    });

    it("list items carry id, name, location, inUse, trunkType, isRestrictedToDedicatedInstance", async () => {
        const t = (await call("GET", `${TRUNKS}?max=1`)).body.trunks[0];
        expect(t).to.have.keys("id", "name", "location", "inUse", "trunkType", "isRestrictedToDedicatedInstance");
        expect(t.location).to.deep.equal({ id: LOCATIONS[0].id, name: "Boston" });
        expect(t.inUse).to.equal(false);
    });

    it("can reproduce the https, prefix and dropped parameters in next links", async () => {
        const quirky = await startWebexSimulator({ pageSize: 1, linkQuirks: { httpsCommaPrefix: true, dropParams: ["trunkType"] }, seed: { locations: LOCATIONS } });
        try {
            await caller(quirky)("POST", TRUNKS, reg("A"));
            await caller(quirky)("POST", TRUNKS, reg("B"));
            const a = await caller(quirky)("GET", `${TRUNKS}?trunkType=REGISTERING`);
            expect(a.headers.get("link")).to.match(/^<https,http:\/\/127\.0\.0\.1:\d+\/v1\/telephony\/config\/premisePstn\/trunks\?start=1&max=1>; rel="next"$/);
        } finally {
            await quirky.close();
        }
    });

    it("trunkTypes lists device types with their call limits (the spec's example range by default)", async () => {
        const a = await call("GET", `${TRUNKS}/trunkTypes`);
        expect(a.status).to.equal(200);
        expect(a.body.trunkTypes.map((t: any) => t.trunkType)).to.deep.equal(["REGISTERING", "CERTIFICATE_BASED"]);
        expect(a.body.trunkTypes[0].deviceTypes[0]).to.deep.equal({ deviceType: "Cisco Unified Border Element", minConcurrentCalls: 250, maxConcurrentCalls: 1000 });
        expect(a.body.trunkTypes[1].deviceTypes.map((d: any) => d.deviceType)).to.include("Ribbon Session Border Controller");
    });
});

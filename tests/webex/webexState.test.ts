import { expect } from "chai";
import { buildOutputs } from "../../provider/webex/trunk/state";
import type { TrunkGet, TrunkRead } from "../../provider/webex/types";

const PROXY = { sipAccessServiceType: "NONE", dnsType: "SRV", outboundProxy: "p.example.com", srvPrefix: "_sips._tcp.", attachmentUpdated: false };
const prior = { name: "LGW", locationId: "L1", password: "Sip-Pa55word-1", trunkType: "REGISTERING", status: "ONLINE", outboundProxy: PROXY };

function read(httpStatus: number, trunk: Partial<TrunkGet>, codes: number[] = []): TrunkRead {
    const partial = codes.map((code) => ({ code, type: "ERROR", summaryEnglish: "", detail: [], trackingId: "T" }));
    return { httpStatus, partial, trunk: { id: "T1", name: "LGW", location: { id: "L1", name: "Boston" }, trunkType: "REGISTERING", ...trunk } };
}

describe("WebexTrunk outputs from a 206 answer", () => {
    it("keeps the field a code names, although wxc_sdk's shape sends a placeholder for it", () => {
        const proxy = buildOutputs(read(206, { outboundProxy: {}, status: "online" }, [25013]), "T1", prior, undefined);
        expect(proxy.outboundProxy).to.deep.equal(PROXY);
        expect(proxy.status).to.equal("online"); // readable: refreshed
        const status = buildOutputs(read(206, { outboundProxy: { ...PROXY, outboundProxy: "q.example.com" }, status: "unknown" }, [25014]), "T1", prior, undefined);
        expect(status.status).to.equal("ONLINE");
        expect((status.outboundProxy as Record<string, unknown>).outboundProxy).to.equal("q.example.com"); // readable: refreshed
    });

    it("without a code, an empty or missing outboundProxy or status counts as unread", () => {
        const outs = buildOutputs(read(206, { outboundProxy: {} }), "T1", prior, undefined);
        expect(outs).to.deep.include({ outboundProxy: PROXY, status: "ONLINE" });
    });

    it("with nothing known before, an unread field is null rather than the placeholder", () => {
        const outs = buildOutputs(read(206, { outboundProxy: {}, status: "unknown" }, [25013, 25014]), "T1", {}, undefined);
        expect(outs).to.include({ outboundProxy: null, status: null });
    });

    it("a 200 answer is taken as it is", () => {
        const outs = buildOutputs(read(200, { outboundProxy: {}, status: "offline" }), "T1", prior, undefined);
        expect(outs).to.deep.include({ outboundProxy: {}, status: "offline" });
    });
});

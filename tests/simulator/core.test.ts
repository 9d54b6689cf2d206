import { expect } from "chai";
import { startSimulatorCore } from "../../provider/simulator";
import { call } from "./odin/helpers";

describe("simulator core", () => {
    it("routes :params under a base path and reports handler errors as 500 with the API's error body", async () => {
        const core = await startSimulatorCore({
            basePath: "/v1",
            errorBody: (status, message) => ({ message, code: status }),
            routes: [
                { method: "GET", path: "/trunks/:trunkId", handler: (req) => ({ status: 200, body: { id: req.params.trunkId, q: req.query } }) },
                { method: "DELETE", path: "/trunks/:trunkId", handler: () => ({ status: 204 }) },
                {
                    method: "GET",
                    path: "/boom",
                    handler: () => {
                        throw new Error("kaput");
                    },
                },
            ],
        });
        try {
            const res = await call(core.url, "GET", "/trunks/abc", { query: { orgId: "o1" } });
            expect(res.json).to.deep.equal({ id: "abc", q: { orgId: "o1" } });
            expect((await call(core.url, "DELETE", "/trunks/abc")).status).to.equal(204);
            const boom = await call(core.url, "GET", "/boom");
            expect(boom.status).to.equal(500);
            expect(boom.json).to.deep.equal({ message: "Simulator error: kaput", code: 500 });
            expect((await call(core.url, "GET", "/trunks")).json).to.deep.equal({ message: "Not found: GET /v1/trunks", code: 404 });
            core.setFaults([{ kind: "status", status: 429, retryAfter: "1" }]);
            const limited = await call(core.url, "GET", "/trunks/abc");
            expect(limited.status).to.equal(429);
            expect(limited.json).to.deep.equal({ message: "Too Many Requests", code: 429 });
            expect(core.requests().map((r) => r.path)).to.deep.equal(["/trunks/abc", "/trunks/abc", "/boom", "/trunks", "/trunks/abc"]);
        } finally {
            await core.close();
        }
    });
});

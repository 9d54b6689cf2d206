import { expect } from "chai";
import { ApiError, isApiError } from "../../provider/http/errors";
import { HttpTransport } from "../../provider/http/transport";
import { FaultKind, FaultProxy, FAULT_KINDS, formatProxyStats, startFaultProxy } from "../faults/proxy";
import { ScriptedServer, json, startScripted } from "./scriptedServer";

/**
 * The transport's contract under a random mix of every fault the proxy has
 * (25% of requests, fixed seed): a caller that says what it needs (expect +
 * validate) gets exactly the server's data or a clear ApiError, never wrong
 * data, never a hang; a write reported as not ambiguous really was not
 * applied. "duplicate" is left out of the write check: its second copy's
 * honest "already exists" is for the caller's fate lookup to recognise.
 */

interface Item {
    id: string;
    n: number;
}

describe("HTTP transport under random faults (25%, every kind, fixed seed)", function () {
    this.timeout(60_000);
    let server: ScriptedServer;
    let proxy: FaultProxy;
    const items = new Map<string, Item>();

    before(async () => {
        for (let i = 0; i < 50; i++) {
            items.set(`i${i}`, { id: `i${i}`, n: i });
        }
        server = await startScripted((req, res) => {
            const id = req.url.split("?")[0].split("/")[3];
            if (req.method === "GET") {
                const it = items.get(id);
                return it ? json(res, 200, it) : json(res, 404, { error: `item ${id} not found` });
            }
            if (req.method === "POST") {
                const body = JSON.parse(req.body) as Item;
                if (items.has(body.id)) {
                    return json(res, 409, { error: `item ${body.id} already exists` });
                }
                items.set(body.id, body);
                return json(res, 201, body);
            }
            json(res, 405, { error: "no" });
        });
        proxy = await startFaultProxy({ upstream: server.url, seed: 13, rate: 0.25, dripIntervalMs: 50, dripMaxMs: 3000 });
    });
    after(async () => {
        await proxy.close();
        await server.close();
    });

    /** The faults injected, on one line (printed, as evidence of the mix). */
    const faultLine = () =>
        formatProxyStats(proxy.stats())
            .split("\n")
            .filter((l) => !/\s0$/.test(l))
            .map((l) => l.trim().replace(/\s+/g, " "))
            .join("; ");

    const transport = (baseUrl: string) =>
        new HttpTransport({
            api: "Items",
            baseUrl,
            parseErrorBody: (b) => (b && typeof b === "object" && typeof (b as { error?: unknown }).error === "string" ? { message: (b as { error: string }).error } : {}),
            timeoutMs: 500,
            retry: { maxRetries: 8 },
            sleep: async () => undefined,
        });

    it("GETs: every answer is the server's own data, or a clear error; nothing wrong, nothing hung", async () => {
        const t = transport(proxy.url);
        const wrong: string[] = [];
        const errors: ApiError[] = [];
        const started = Date.now();
        await Promise.all(
            Array.from({ length: 300 }, async (_, k) => {
                const id = `i${k % 50}`;
                const validate = (d: unknown) => {
                    const it = d as Partial<Item>;
                    if (it.id !== id) {
                        return `another item's body (${String(it.id)})`;
                    }
                    return typeof it.n === "number" ? undefined : "n is not a number";
                };
                try {
                    const res = await t.request<Item>({ method: "GET", path: `/items/${id}`, query: { k }, expect: "object", validate });
                    if (JSON.stringify(res.data) !== JSON.stringify(items.get(id))) {
                        wrong.push(`${id}: ${JSON.stringify(res.data)}`);
                    }
                } catch (e) {
                    if (!isApiError(e)) {
                        throw e;
                    }
                    errors.push(e);
                }
            }),
        );
        expect(wrong).to.deep.equal([]);
        // Eight retries at 25% faults: failing all nine attempts is about 4e-6 per request.
        expect(errors.map((e) => e.message)).to.deep.equal([]);
        expect(Date.now() - started).to.be.below(45_000);
        const faulted = Object.entries(proxy.stats().faults).filter(([, n]) => n > 0).length;
        expect(faulted).to.be.at.least(15); // the mix really was mixed
        console.log(`      ${faultLine()}`);
    });

    it("POSTs: a write reported as not ambiguous was really not applied", async () => {
        const before = new Set(items.keys());
        const verdicts: Array<{ id: string; ok: boolean; ambiguous?: boolean; status?: number }> = [];
        const writeKinds = FAULT_KINDS.filter((k) => k !== "duplicate") as FaultKind[];
        await proxy.close();
        proxy = await startFaultProxy({ upstream: server.url, seed: 17, rate: 0.25, kinds: writeKinds, dripIntervalMs: 50, dripMaxMs: 3000 });
        const tw = transport(proxy.url);
        await Promise.all(
            Array.from({ length: 150 }, async (_, k) => {
                const id = `new${k}`;
                try {
                    await tw.request({ method: "POST", path: "/items", body: { id, n: k }, expect: "object" });
                    verdicts.push({ id, ok: true });
                } catch (e) {
                    if (!isApiError(e)) {
                        throw e;
                    }
                    verdicts.push({ id, ok: false, ambiguous: e.ambiguous, status: e.status });
                }
            }),
        );
        const claimedNotApplied = verdicts.filter((v) => !v.ok && !v.ambiguous);
        const wronglyClaimed = claimedNotApplied.filter((v) => items.has(v.id) && !before.has(v.id));
        expect(wronglyClaimed).to.deep.equal([]);
        // A success really created it; an ambiguous one may or may not have.
        expect(verdicts.filter((v) => v.ok && !items.has(v.id))).to.deep.equal([]);
        expect(verdicts.filter((v) => !v.ok && v.ambiguous).length).to.be.above(5);
        console.log(`      ${faultLine()}`);
    });
});

/**
 * A resource the package does not have, built on the settings pattern
 * (kit/existing.ts) the way the README says one is: the settings of an object
 * that always exists, here a site's call policy on a small API that answers
 * GET and PUT only. Its declaration is all there is: the field table, its
 * API's rules and its connection; the CRUD is the kit's.
 *
 * `startSitePolicyServer` is that API: sites exist from the start with their
 * policies, GET /policies?site=S answers one, PUT /policies {site, ...}
 * changes the fields it carries (and refuses a maxCalls above 500 or an
 * unknown codec), and every request is logged.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { resourceHandlers } from "../../provider/kit/handlers";
import { RESTORE_FIELD, RestoreOption, settingsObject } from "../../provider/kit/existing";
import type { FieldTable, ResourceSchema } from "../../provider/kit/schema";

export interface SitePolicyInputs extends RestoreOption {
    site: string;
    maxCalls?: number;
    codec?: "g711" | "g729";
    recording?: boolean;
}

const FIELDS: FieldTable<SitePolicyInputs> = {
    site: { kind: "string", min: 1, max: 20, required: true, identity: true, replaceOnChange: true },
    maxCalls: { kind: "integer", min: 0, max: 500 },
    codec: { kind: "enum", values: ["g711", "g729"] },
    recording: { kind: "boolean" },
    ...RESTORE_FIELD,
};

export const SITE_POLICY: ResourceSchema<SitePolicyInputs> = {
    kind: "test:SitePolicy",
    title: "SitePolicy",
    api: "the site API",
    fields: FIELDS,
    outputs: {},
    answer: { noun: "site policy", object: "site", always: ["site"] },
};

interface Policy {
    site: string;
    maxCalls: number;
    codec: string;
    recording: boolean;
}

interface SiteApi {
    url: string;
}

async function call(api: SiteApi, method: "GET" | "PUT", query: string, body?: object): Promise<{ status: number; data: unknown }> {
    const res = await fetch(`${api.url}/policies${query}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, data: text === "" ? undefined : JSON.parse(text) };
}

export const { handlers, resetForTests } = resourceHandlers(
    settingsObject<SitePolicyInputs, SiteApi, Policy>({
        schema: SITE_POLICY,
        api: {
            tag: "site",
            connect(config) {
                const url = config?.get("site:url");
                if (!url) {
                    throw new Error("site:url is not set");
                }
                return { url };
            },
        },
        what: (identity) => `Site ${identity.site}`,
        async get(api, identity) {
            const r = await call(api, "GET", `?site=${encodeURIComponent(identity.site)}`);
            if (r.status === 404) {
                return undefined;
            }
            if (r.status !== 200) {
                throw new Error(`the site API answered GET with ${r.status}`);
            }
            return r.data as Policy;
        },
        async put(api, identity, settings) {
            const { restoreOnDelete: _r, ...body } = settings;
            const r = await call(api, "PUT", "", { ...identity, ...body });
            if (r.status !== 204) {
                throw new Error(`the site API refused the PUT: ${JSON.stringify(r.data)}`);
            }
        },
        reported: (policy) => ({ ...policy }),
    }),
);

export interface SitePolicyServer {
    url: string;
    policies: Map<string, Policy>;
    requests: Array<{ method: string; query: string; body?: unknown }>;
    close(): Promise<void>;
}

export async function startSitePolicyServer(sites: Policy[]): Promise<SitePolicyServer> {
    const policies = new Map(sites.map((p) => [p.site, { ...p }]));
    const requests: SitePolicyServer["requests"] = [];
    const server = http.createServer((req, res) => {
        let raw = "";
        req.on("data", (c: Buffer) => (raw += c.toString()));
        req.on("end", () => {
            const u = new URL(req.url ?? "/", "http://x");
            const body = raw === "" ? undefined : (JSON.parse(raw) as Record<string, unknown>);
            requests.push({ method: req.method ?? "", query: u.search, ...(body ? { body } : {}) });
            const send = (status: number, data?: unknown) => {
                res.writeHead(status, { "content-type": "application/json" });
                res.end(data === undefined ? "" : JSON.stringify(data));
            };
            const site = req.method === "GET" ? u.searchParams.get("site") : body?.site;
            const policy = typeof site === "string" ? policies.get(site) : undefined;
            if (!policy) {
                return send(404, { error: `no site ${String(site)}` });
            }
            if (req.method === "GET") {
                return send(200, policy);
            }
            if (req.method !== "PUT" || !body) {
                return send(405, { error: "GET and PUT only" });
            }
            if (typeof body.maxCalls === "number" && body.maxCalls > 500) {
                return send(400, { error: "maxCalls above 500" });
            }
            if (body.codec !== undefined && body.codec !== "g711" && body.codec !== "g729") {
                return send(400, { error: "unknown codec" });
            }
            for (const k of ["maxCalls", "codec", "recording"] as const) {
                if (body[k] !== undefined) {
                    Object.assign(policy, { [k]: body[k] });
                }
            }
            return send(204);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        policies,
        requests,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

import { confirmedDelete } from "../http/confirmDelete";
import { ApiError, isApiError } from "../http/errors";
import { SecretRegistry } from "../http/redact";
import { AnswerCheck, ApiResponse, AuthHooks, ClientTransportOptions, HttpTransport, Logger, RequestSpec } from "../http/transport";
import { transportKnobs } from "../util/clientTransport";
import { parseWebexErrorBody } from "./errors";
import { nextRequest, pageProblem, parseLinkHeader } from "./pagination";
import type {
    ResponseStatus,
    TrunkCreated,
    TrunkGet,
    TrunkListItem,
    TrunkListQuery,
    TrunkPost,
    TrunkPut,
    TrunkRead,
    TrunkTypeWithDeviceType,
    TrunkTypesResponse,
    TrunkUsage,
    TrunkUsageLists,
} from "./types";

export interface WebexClientOptions extends ClientTransportOptions {
    /** e.g. https://webexapis.com/v1 */
    baseUrl: string;
    accessToken: string;
    /** Default org for every call (a partner admin acting in a customer org); per-call orgId wins. */
    orgId?: string;
    random?: () => number;
}

const TRUNKS = "/telephony/config/premisePstn/trunks";

/** Each usage list: its path under the trunk and the key its items come under (the route-group list's key is singular). */
const USAGE_LISTS: { readonly [K in keyof TrunkUsageLists]: { path: string; key: string } } = {
    routeGroups: { path: "usageRouteGroup", key: "routeGroup" },
    dialPlans: { path: "usageDialPlan", key: "dialPlans" },
    pstnLocations: { path: "usagePstnConnection", key: "locations" },
    callToExtensionLocations: { path: "usageCallToExtension", key: "locations" },
};
/** A guard against a server that keeps answering with next links. */
const MAX_PAGES = 10_000;

/**
 * A static bearer token cannot be refreshed by us, so a 401 is final: the
 * hook declines the transport's re-login retry and the client explains.
 */
class BearerAuth implements AuthHooks {
    constructor(private readonly token: string) {}
    async header(): Promise<string> {
        return `Bearer ${this.token}`;
    }
    async onUnauthorized(): Promise<boolean> {
        return false;
    }
}

/** Typed endpoints of the Webex Calling premise-PSTN trunk API over the shared transport. */
export class WebexClient {
    readonly transport: HttpTransport;
    private readonly log: Logger;

    constructor(private readonly opts: WebexClientOptions) {
        const secrets = opts.secrets ?? new SecretRegistry();
        secrets.add(opts.accessToken);
        this.log = opts.log ?? (() => undefined);
        this.transport = new HttpTransport({
            ...transportKnobs(opts),
            api: "Webex",
            baseUrl: opts.baseUrl,
            secrets,
            random: opts.random,
            parseErrorBody: parseWebexErrorBody,
            auth: new BearerAuth(opts.accessToken),
        });
    }

    // --- reads -----------------------------------------------------------------------

    /**
     * 200, or 206 Partial Content (outbound proxy or status unavailable): both
     * are a success, 206 with a warning. An answer `check` refuses (another
     * trunk's, a field turned into text) is asked again.
     */
    async getTrunk(trunkId: string, check: AnswerCheck, orgId?: string): Promise<TrunkRead> {
        const res = await this.send<TrunkGet>({ method: "GET", path: trunkPath(trunkId), query: this.org(orgId), expect: "object", validate: check });
        return this.toRead(trunkId, res.status, res.data);
    }

    /**
     * Like getTrunk, but undefined when the trunk does not exist: only Webex's
     * own 404 (its JSON error body) says so, never a proxy's page.
     */
    async findTrunk(trunkId: string, check: AnswerCheck, orgId?: string): Promise<TrunkRead | undefined> {
        const res = await this.send<TrunkGet>({
            method: "GET",
            path: trunkPath(trunkId),
            query: this.org(orgId),
            acceptStatuses: [404],
            acceptOnlyApiErrors: true,
            expect: "object",
            validate: check,
        });
        return res.status === 404 ? undefined : this.toRead(trunkId, res.status, res.data);
    }

    /**
     * Every page: filters go on the first request only, then the next link is
     * followed (repaired for Webex's historic link bugs). A page without items
     * or a link seen before ends the walk.
     */
    async listTrunks(query: TrunkListQuery = {}, orgId?: string): Promise<TrunkListItem[]> {
        return this.walk<TrunkListItem>(TRUNKS, "trunks", { ...this.org(orgId), ...query }, "trunk list");
    }

    /**
     * Exact, case-sensitive name match across all pages. The server's `name`
     * filter has an undocumented matching rule and splits on commas, so it is
     * only a hint, and not used at all for a name containing a comma.
     */
    async findTrunksByName(name: string, orgId?: string): Promise<TrunkListItem[]> {
        return (await this.findTrunksNamedLike(name, orgId)).filter((t) => t.name === name);
    }

    /**
     * Trunks whose name equals this one ignoring case, which Webex counts as
     * the same name. `everyPage` skips the server's name filter, whose case
     * rule is undocumented, at the cost of listing the whole org.
     */
    async findTrunksNamedLike(name: string, orgId?: string, everyPage = false): Promise<TrunkListItem[]> {
        const all = await this.listTrunks(everyPage || name.includes(",") ? {} : { name }, orgId);
        return all.filter((t) => typeof t.name === "string" && t.name.toLowerCase() === name.toLowerCase());
    }

    /** The reference counts; undefined when the trunk does not exist. */
    async trunkUsage(trunkId: string, check: AnswerCheck, orgId?: string): Promise<TrunkUsage | undefined> {
        const res = await this.send<Partial<Record<keyof TrunkUsage, unknown>>>({
            method: "GET",
            path: `${trunkPath(trunkId)}/usage`,
            query: this.org(orgId),
            acceptStatuses: [404],
            acceptOnlyApiErrors: true,
            expect: "object",
            validate: check,
        });
        if (res.status === 404) {
            return undefined;
        }
        // Numbers in the trunk's answer; route groups' usage counts come as strings, so both are read.
        const count = (v: unknown) => (typeof v === "number" || (typeof v === "string" && v.trim() !== "") ? Number(v) || 0 : 0);
        const d = res.data ?? {};
        return { pstnConnectionCount: count(d.pstnConnectionCount), callToExtensionCount: count(d.callToExtensionCount), dialPlanCount: count(d.dialPlanCount), routeGroupCount: count(d.routeGroupCount) };
    }

    /** One usage list of a trunk, every page. */
    async trunkUsageList<K extends keyof TrunkUsageLists>(trunkId: string, list: K, orgId?: string): Promise<TrunkUsageLists[K]> {
        const { path, key } = USAGE_LISTS[list];
        const items = await this.walk<TrunkUsageLists[K][number]>(`${trunkPath(trunkId)}/${path}`, key, this.org(orgId), `${path} list`);
        return items as TrunkUsageLists[K];
    }

    async trunkTypes(orgId?: string): Promise<TrunkTypeWithDeviceType[]> {
        const res = await this.send<TrunkTypesResponse>({ method: "GET", path: `${TRUNKS}/trunkTypes`, query: this.org(orgId), expect: "object", validate: (d) => (Array.isArray((d as TrunkTypesResponse).trunkTypes) ? undefined : 'it has no "trunkTypes" list') });
        return Array.isArray(res.data?.trunkTypes) ? res.data.trunkTypes : [];
    }

    // --- writes ----------------------------------------------------------------------

    /**
     * 201 with the new id and nothing else. POST is not idempotent: the
     * transport never repeats it once its fate is unknown, and an answer
     * without an id leaves it unknown too; the caller decides by looking the
     * trunk up by name.
     */
    async createTrunk(body: TrunkPost, orgId?: string): Promise<TrunkCreated> {
        this.transport.secrets.add(body.password);
        const res = await this.send<TrunkCreated>({
            method: "POST",
            path: TRUNKS,
            query: this.org(orgId),
            body,
            expect: "object",
            validate: (d) => (typeof (d as TrunkCreated).id === "string" && (d as TrunkCreated).id !== "" ? undefined : "it carries no trunk id"),
        });
        if (res.data && typeof res.data.id === "string" && res.data.id !== "") {
            return { id: res.data.id };
        }
        throw new ApiError({
            api: "Webex",
            method: "POST",
            path: TRUNKS,
            status: res.status,
            apiMessage: "the create answer carried no trunk id",
            attempts: res.attempts,
            ambiguous: true,
        });
    }

    /** PUT always carries name and password: Webex requires both on every modify. 204, no body. */
    async updateTrunk(trunkId: string, body: TrunkPut, orgId?: string): Promise<void> {
        this.transport.secrets.add(body.password);
        await this.send({ method: "PUT", path: trunkPath(trunkId), query: this.org(orgId), body, expect: "none" });
    }

    /**
     * 204; a 404 means it is already gone, which is what the caller wanted.
     * Returns whether it existed. Webex answers a DELETE with 204: another
     * success (a gateway's 200 for a refusal it swallowed) is confirmed by a
     * lookup (see confirmedDelete).
     */
    async deleteTrunk(trunkId: string, check: AnswerCheck, orgId?: string): Promise<boolean> {
        let existed = true;
        await confirmedDelete({
            send: async () => {
                const res = await this.send({ method: "DELETE", path: trunkPath(trunkId), query: this.org(orgId), acceptStatuses: [404], acceptOnlyApiErrors: true, expect: "none" });
                existed &&= res.status !== 404;
                return res;
            },
            own: (res) => res.status === 204 || res.status === 404,
            stillThere: async () => (await this.findTrunk(trunkId, check, orgId)) !== undefined,
            api: "Webex",
            path: trunkPath(trunkId),
            noun: "trunk",
            what: `trunk ${trunkId}`,
            expected: "204",
        });
        return existed;
    }

    // --- plumbing --------------------------------------------------------------------

    /**
     * Every page of a list: filters go on the first request only, then the
     * next link is followed (repaired for Webex's historic link bugs). A page
     * without items or a link seen before ends the walk; an id counts once,
     * since offsets shift when items are added or removed mid-walk.
     */
    private async walk<T extends { id: string }>(path: string, key: string, first: Record<string, string | number | undefined>, what: string): Promise<T[]> {
        const items = new Map<string, T>();
        const keyOf = (r: { path: string; query: Record<string, unknown> }) =>
            `${r.path}?${Object.entries(r.query).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`).sort().join("&")}`;
        let req: { path: string; query: Record<string, string | number | boolean | undefined> } | undefined = { path, query: first };
        const seen = new Set<string>([keyOf(req)]);
        for (let page = 0; req && page < MAX_PAGES; page++) {
            const res: ApiResponse<Record<string, unknown>> = await this.send<Record<string, unknown>>({
                method: "GET",
                path: req.path,
                query: req.query,
                expect: "object",
                // A page without its list (or emptied) is asked again, never taken for the end of the list.
                validate: (d) => pageProblem(d, key),
            });
            const raw = res.data?.[key];
            const pageItems: T[] = Array.isArray(raw) ? raw.filter((t): t is T => !!t && typeof t === "object") : [];
            for (const t of pageItems) {
                if (!items.has(String(t.id))) {
                    items.set(String(t.id), t);
                }
            }
            const link: string | undefined = parseLinkHeader(res.headers["link"]).next;
            req = pageItems.length > 0 && link ? nextRequest(link, this.opts.baseUrl, first) : undefined;
            if (req && seen.has(keyOf(req))) {
                this.log("warn", `Webex repeated the pagination link ${keyOf(req)}; stopping the ${what} there`);
                req = undefined;
            }
            if (req) {
                seen.add(keyOf(req));
            }
        }
        return [...items.values()];
    }

    private org(orgId: string | undefined): Record<string, string> {
        const org = orgId ?? this.opts.orgId;
        return org ? { orgId: org } : {};
    }

    private async send<T>(spec: RequestSpec): Promise<ApiResponse<T>> {
        try {
            return await this.transport.request<T>(spec);
        } catch (e) {
            if (isApiError(e) && e.status === 401) {
                throw e.withHint(
                    "Webex refused the access token (expired, revoked, or for another environment). Personal tokens last 12 hours; " +
                        "set a fresh one with `pulumi config set --secret webex:accessToken <token>` or WEBEX_ACCESS_TOKEN, " +
                        "or use a Service App token for automation",
                );
            }
            if (isApiError(e) && e.status === 403) {
                const scope = spec.method === "GET" ? "spark-admin:telephony_config_read" : "spark-admin:telephony_config_write (full administrator)";
                throw e.withHint(`The token lacks the scope or role for this call: it needs ${scope}, and orgId must be an org the admin manages`);
            }
            throw e;
        }
    }

    private toRead(trunkId: string, httpStatus: number, data: TrunkGet | undefined): TrunkRead {
        const trunk = canonicalTrunk(data && typeof data === "object" ? data : { name: "" });
        const partial = normalizeResponseStatus(trunk.responseStatus);
        if (httpStatus === 206) {
            const what = partial.length > 0 ? partial.map(describeStatus).join("; ") : "no responseStatus given";
            this.log("warn", `Webex answered trunk ${trunkId} with 206 Partial Content: ${what}. The fields it could not read are left as they were.`);
        }
        return { trunk, httpStatus, partial };
    }
}

function trunkPath(trunkId: string): string {
    return `${TRUNKS}/${encodeURIComponent(trunkId)}`;
}

/**
 * One form whatever shape Webex answered in: the
 * org as the spec's `customer` (wxc_sdk's model, tested against live orgs,
 * calls it `organization`) and `status` in the spec's upper case (wxc_sdk
 * sees lower case), so outputs do not change with the shape of the day.
 */
export function canonicalTrunk(raw: TrunkGet): TrunkGet {
    const trunk: TrunkGet = { ...raw };
    const org = raw.customer ?? raw.organization;
    if (org) {
        trunk.customer = org;
    }
    if (typeof raw.status === "string") {
        trunk.status = raw.status.toUpperCase();
    }
    return trunk;
}

/** The spec says one object; wxc_sdk and wxcadm see a list. */
export function normalizeResponseStatus(v: unknown): ResponseStatus[] {
    const list = Array.isArray(v) ? v : v && typeof v === "object" ? [v] : [];
    return list.filter((s): s is ResponseStatus => !!s && typeof s === "object");
}

function describeStatus(s: ResponseStatus): string {
    const detail = Array.isArray(s.detail) && s.detail.length > 0 ? ` (${s.detail.join(" ")})` : "";
    return `${s.type ?? "WARNING"} ${s.code ?? "?"}: ${s.summaryEnglish ?? ""}${detail}${s.trackingId ? ` [trackingId ${s.trackingId}]` : ""}`;
}

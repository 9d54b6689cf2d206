/**
 * The trunk endpoints under /v1/telephony/config/premisePstn/trunks: bearer
 * auth, Webex's error body plus a TrackingID header on every answer, 206 for
 * trunks flagged partial, and offset pagination with RFC 5988 next links
 * (optionally carrying the historic link bugs clients must survive).
 */
import type { Route, SimRequest, SimResponse } from "../core";
import type { ResponseStatus, TrunkGet, TrunkListItem } from "../../webex/types";
import { CODES, WebexSimError, bad, unauthorized } from "./errors";
import { objectBody, validatePost, validatePut } from "./rules";
import type { TrunkRec, WebexSimState } from "./state";
import type { PartialSpec, WebexSimErrorBody } from "./types";

export const WEBEX_BASE_PATH = "/v1";
const TRUNKS = "/telephony/config/premisePstn/trunks";

export interface LinkQuirks {
    /** Prefix next links with "https," as Webex once did (WXCAPIBULK-27). */
    httpsCommaPrefix?: boolean;
    /** Query parameters to leave out of next links, as Webex has done. */
    dropParams?: string[];
}

export interface RouteContext {
    state: WebexSimState;
    tokens: () => string[];
    /** Default and ceiling of `max`. */
    pageSize: number;
    linkQuirks: LinkQuirks;
    trackingId: () => string;
}

export function webexErrorBody(status: number, message: string, trackingId: string, description?: string, errorCode?: number): WebexSimErrorBody {
    return { message, errors: [{ description: description ?? message, ...(errorCode !== undefined ? { errorCode } : {}) }], trackingId };
}

export function webexRoutes(ctx: RouteContext): Route[] {
    const { state } = ctx;

    const api =
        (fn: (req: SimRequest) => SimResponse): ((req: SimRequest) => SimResponse) =>
        (req) => {
            const trackingId = ctx.trackingId();
            try {
                authenticate(req, ctx.tokens());
                checkOrg(req, state);
                const res = fn(req);
                return { ...res, headers: { ...res.headers, TrackingID: trackingId } };
            } catch (e) {
                if (!(e instanceof WebexSimError)) {
                    throw e;
                }
                return {
                    status: e.status,
                    body: webexErrorBody(e.status, e.summary ?? e.description, trackingId, e.description, e.errorCode),
                    headers: { TrackingID: trackingId },
                };
            }
        };

    return [
        // Before /:trunkId, which would otherwise match "trunkTypes".
        { method: "GET", path: `${TRUNKS}/trunkTypes`, handler: api(() => ({ status: 200, body: { trunkTypes: state.trunkTypes } })) },
        { method: "GET", path: TRUNKS, handler: api((req) => list(req, ctx)) },
        {
            method: "POST",
            path: TRUNKS,
            handler: api((req) => {
                const t = state.insert(validatePost(objectBody(req.body, req.bodyError), state));
                return { status: 201, body: { id: t.id } };
            }),
        },
        {
            method: "GET",
            path: `${TRUNKS}/:trunkId`,
            handler: api((req) => {
                const t = state.get(req.params.trunkId);
                return t.partial ? { status: 206, body: trunkView(t, state, t.partial, ctx.trackingId()) } : { status: 200, body: trunkView(t, state) };
            }),
        },
        {
            method: "PUT",
            path: `${TRUNKS}/:trunkId`,
            handler: api((req) => {
                const t = state.get(req.params.trunkId);
                state.modify(t.id, validatePut(objectBody(req.body, req.bodyError), t, state));
                return { status: 204 };
            }),
        },
        {
            method: "DELETE",
            path: `${TRUNKS}/:trunkId`,
            handler: api((req) => {
                state.remove(req.params.trunkId);
                return { status: 204 };
            }),
        },
    ];
}

function authenticate(req: SimRequest, tokens: string[]): void {
    const header = req.headers.authorization;
    const m = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m || !tokens.includes(m[1])) {
        throw unauthorized();
    }
}

/** A partner admin may name an org; the simulator has one, and any other is refused. */
function checkOrg(req: SimRequest, state: WebexSimState): void {
    const orgId = req.query.orgId;
    if (orgId !== undefined && orgId !== state.orgId) {
        throw new WebexSimError(403, `Not authorized to access org ${orgId}.`, CODES.forbiddenOrg, "Forbidden");
    }
}

function list(req: SimRequest, ctx: RouteContext): SimResponse {
    const q = req.query;
    const start = q.start === undefined ? 0 : Number(q.start);
    const requested = q.max === undefined ? ctx.pageSize : Number(q.max);
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(requested) || requested < 1) {
        throw bad("start must be a non-negative integer and max a positive integer.");
    }
    const max = Math.min(requested, ctx.pageSize);
    // The name filter's real matching rule is undocumented: here it is a
    // case-insensitive substring match, so clients must match exactly themselves.
    const names = splitList(q.name).map((n) => n.toLowerCase());
    const locationNames = splitList(q.locationName).map((n) => n.toLowerCase());
    let trunks = ctx.state.all().filter(
        (t) =>
            (names.length === 0 || names.some((n) => t.name.toLowerCase().includes(n))) &&
            (locationNames.length === 0 || locationNames.includes(String(ctx.state.location(t.locationId)?.name).toLowerCase())) &&
            (q.trunkType === undefined || t.trunkType === q.trunkType),
    );
    const [field, dir] = (q.order ?? "name-asc").split("-");
    const keyOf = (t: TrunkRec) => (field === "locationName" ? String(ctx.state.location(t.locationId)?.name) : t.name);
    trunks = trunks.sort((a, b) => keyOf(a).localeCompare(keyOf(b)) * (dir === "desc" ? -1 : 1));
    const page = trunks.slice(start, start + max);
    const headers: Record<string, string> = {};
    const links: string[] = [];
    if (start + max < trunks.length) {
        links.push(`<${linkTo(req, { ...q, start: String(start + max), max: String(max) }, ctx.linkQuirks)}>; rel="next"`);
    }
    if (start > 0) {
        links.push(`<${linkTo(req, { ...q, start: String(Math.max(0, start - max)), max: String(max) }, ctx.linkQuirks)}>; rel="prev"`);
    }
    if (links.length > 0) {
        headers.Link = links.join(", ");
    }
    const items: TrunkListItem[] = page.map((t) => ({
        id: t.id,
        name: t.name,
        location: ctx.state.location(t.locationId),
        inUse: t.inUse === true,
        trunkType: t.trunkType,
        isRestrictedToDedicatedInstance: t.isRestrictedToDedicatedInstance === true,
    }));
    return { status: 200, body: { trunks: items }, headers };
}

function linkTo(req: SimRequest, query: Record<string, string>, quirks: LinkQuirks): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
        if (!quirks.dropParams?.includes(k)) {
            params.set(k, v);
        }
    }
    const url = `http://${req.headers.host ?? "127.0.0.1"}${WEBEX_BASE_PATH}${TRUNKS}?${params.toString()}`;
    return quirks.httpsCommaPrefix ? `https,${url}` : url;
}

function splitList(v: string | undefined): string[] {
    return v === undefined ? [] : v.split(",").map((s) => s.trim()).filter(Boolean);
}

function trunkView(t: TrunkRec, state: WebexSimState, partial?: PartialSpec | true, trackingId?: string): TrunkGet {
    const location = state.location(t.locationId);
    const view: TrunkGet = {
        id: t.id,
        name: t.name,
        customer: { id: state.orgId, name: state.orgName },
        location,
        otgDtgId: t.otgDtgId,
        linePort: t.linePort,
        locationsUsingTrunk: [],
        pilotUserId: t.pilotUserId,
        outboundProxy: { sipAccessServiceType: "NONE", dnsType: "SRV", outboundProxy: "sim.proxy.webex.com", srvPrefix: "_sips._tcp." },
        sipAuthenticationUserName: t.sipAuthenticationUserName,
        status: t.status ?? "unknown",
        dualIdentitySupportEnabled: t.dualIdentitySupportEnabled ?? false,
        trunkType: t.trunkType,
        deviceType: t.deviceType,
        maxConcurrentCalls: t.maxConcurrentCalls,
        isRestrictedToDedicatedInstance: t.isRestrictedToDedicatedInstance ?? false,
        pChargeInfoSupportPolicy: t.pChargeInfoSupportPolicy ?? "DISABLED",
    };
    if (t.trunkType === "CERTIFICATE_BASED") {
        Object.assign(view, { address: t.address, domain: t.domain, port: t.port });
    }
    if (partial) {
        const spec = partial === true ? {} : partial;
        const code = spec.code ?? 25013;
        const status: ResponseStatus = {
            code,
            type: "ERROR",
            summaryEnglish: code === 25013 ? "CPAPI: Error retrieving outboundproxy." : "CPAPI: Error retrieving status.",
            detail: ["OCI-P GroupOutboundProxyGetRequest: [Error 26088] Cloud PBX Console is not configured properly."],
            trackingId: `CPAPI_${trackingId ?? "sim"}_0`,
        };
        if (code === 25013) {
            delete view.outboundProxy;
        } else {
            delete view.status;
        }
        view.responseStatus = spec.asList ? [status] : status;
    }
    return view;
}

/**
 * The endpoints under /v1/telephony/config/premisePstn/trunks (plus the
 * location's generatePassword action): bearer auth, the org check, Webex's
 * error body, 206 for trunks flagged partial, offset pagination with RFC 5988
 * links (optionally with the historic link bugs clients must survive), and
 * the usage endpoints. Business rules live in rules.ts and state.ts.
 */
import type { Route, SimRequest, SimResponse } from "../core";
import { CODES, WebexSimError, bad, notFound, unauthorized } from "./errors";
import { effectivePolicy, examplePassword } from "./passwordPolicy";
import { objectBody, parseOrder, validateFqdn, validatePost, validatePut } from "./rules";
import type { TrunkRec, WebexSimState } from "./state";
import type { WebexErrorBody, WebexIdName } from "./types";
import { listItem, trunkView, type TrunkViewOptions } from "./views";

export const WEBEX_BASE_PATH = "/v1";
export const TRUNKS_PATH = "/telephony/config/premisePstn/trunks";
const LOCATIONS_PATH = "/telephony/config/locations";

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
    view: TrunkViewOptions;
    /** PRNG of generatePassword (seeded, so runs repeat). */
    random: () => number;
}

export function webexErrorBody(message: string, trackingId: string, description?: string, errorCode?: number): WebexErrorBody {
    return { message, errors: [{ description: description ?? message, ...(errorCode !== undefined ? { errorCode } : {}) }], trackingId };
}

export function webexRoutes(ctx: RouteContext): Route[] {
    const { state } = ctx;

    /** Auth and org first; a WebexSimError becomes Webex's error body with a fresh tracking id. */
    const api =
        (fn: (req: SimRequest) => SimResponse): ((req: SimRequest) => SimResponse) =>
        (req) => {
            try {
                authenticate(req, ctx.tokens());
                checkOrg(req, state);
                return fn(req);
            } catch (e) {
                if (!(e instanceof WebexSimError)) {
                    throw e;
                }
                return { status: e.status, body: webexErrorBody(e.summary ?? e.description, ctx.trackingId(), e.description, e.errorCode) };
            }
        };

    const trunk = (req: SimRequest) => state.get(req.params.trunkId);
    const usageList = (key: string, items: (t: TrunkRec) => WebexIdName[], sortable = true) =>
        api((req) => {
            const t = trunk(req);
            let list = items(t);
            if (sortable) {
                const names = splitList(req.query.name).map((n) => n.toLowerCase());
                if (names.length > 0) {
                    list = list.filter((x) => names.some((n) => x.name.toLowerCase().includes(n)));
                }
                const order = parseOrder(req.query.order);
                list = [...list].sort((a, b) => a.name.localeCompare(b.name) * (order[0].desc ? -1 : 1));
            }
            return page(req, ctx, key, list);
        });

    return [
        // Before /:trunkId, which would otherwise match "trunkTypes".
        { method: "GET", path: `${TRUNKS_PATH}/trunkTypes`, handler: api(() => ({ status: 200, body: { trunkTypes: state.trunkTypes } })) },
        { method: "GET", path: TRUNKS_PATH, handler: api((req) => list(req, ctx)) },
        {
            method: "POST",
            path: TRUNKS_PATH,
            handler: api((req) => {
                const t = state.insert(validatePost(objectBody(req.body, req.bodyError), state));
                return { status: 201, body: { id: t.id } };
            }),
        },
        {
            method: "POST",
            path: `${TRUNKS_PATH}/actions/fqdnValidation/invoke`,
            handler: api((req) => {
                validateFqdn(objectBody(req.body, req.bodyError), state);
                return { status: 204 };
            }),
        },
        {
            method: "GET",
            path: `${TRUNKS_PATH}/:trunkId`,
            handler: api((req) => {
                const t = trunk(req);
                return t.partial
                    ? { status: 206, body: trunkView(t, state, ctx.view, t.partial, ctx.trackingId()) }
                    : { status: 200, body: trunkView(t, state, ctx.view) };
            }),
        },
        {
            method: "PUT",
            path: `${TRUNKS_PATH}/:trunkId`,
            handler: api((req) => {
                const t = trunk(req);
                state.modify(t.id, validatePut(objectBody(req.body, req.bodyError), t, state));
                return { status: 204 };
            }),
        },
        {
            method: "DELETE",
            path: `${TRUNKS_PATH}/:trunkId`,
            handler: api((req) => {
                state.remove(req.params.trunkId);
                return { status: 204 };
            }),
        },
        { method: "GET", path: `${TRUNKS_PATH}/:trunkId/usage`, handler: api((req) => ({ status: 200, body: state.usage(trunk(req).id) })) },
        { method: "GET", path: `${TRUNKS_PATH}/:trunkId/usageDialPlan`, handler: usageList("dialPlans", (t) => state.dialPlansUsing(t.id)) },
        { method: "GET", path: `${TRUNKS_PATH}/:trunkId/usagePstnConnection`, handler: usageList("locations", (t) => state.pstnLocationsUsing(t.id), false) },
        // The spec's key is the singular `routeGroup`.
        { method: "GET", path: `${TRUNKS_PATH}/:trunkId/usageRouteGroup`, handler: usageList("routeGroup", (t) => state.routeGroupsUsing(t.id), false) },
        { method: "GET", path: `${TRUNKS_PATH}/:trunkId/usageCallToExtension`, handler: usageList("locations", (t) => state.callToExtensionLocationsUsing(t.id)) },
        {
            // Body {} or {"generate": ["sip"]} (the spec; wxc_sdk TelephonyLocationApi.generate_password).
            method: "POST",
            path: `${LOCATIONS_PATH}/:locationId/actions/generatePassword/invoke`,
            handler: api((req) => {
                const location = state.location(req.params.locationId);
                if (!location) {
                    throw notFound(`Location ${req.params.locationId} not found.`, CODES.locationNotFound);
                }
                if (req.rawBody.trim() !== "") {
                    const b = objectBody(req.body, req.bodyError);
                    if (b.generate !== undefined && (!Array.isArray(b.generate) || b.generate.some((g) => g !== "sip"))) {
                        throw bad('generate must be a list of password types; only "sip" is modelled.');
                    }
                }
                return { status: 200, body: { exampleSipPassword: examplePassword(effectivePolicy(location.sipPasswordPolicy), ctx.random) } };
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
    // The name filter's real matching rule is undocumented: here it is a
    // case-insensitive substring match, so clients must match exactly themselves.
    const names = splitList(q.name).map((n) => n.toLowerCase());
    const locationNames = splitList(q.locationName).map((n) => n.toLowerCase());
    if (q.trunkType !== undefined && q.trunkType !== "REGISTERING" && q.trunkType !== "CERTIFICATE_BASED") {
        throw bad(`Invalid trunkType ${q.trunkType}.`);
    }
    const order = parseOrder(q.order);
    const keyOf = (t: TrunkRec, field: string) => (field === "locationName" ? ctx.state.idName(t.locationId).name : t.name);
    const trunks = ctx.state
        .all()
        .filter(
            (t) =>
                (names.length === 0 || names.some((n) => t.name.toLowerCase().includes(n))) &&
                (locationNames.length === 0 || locationNames.includes(ctx.state.idName(t.locationId).name.toLowerCase())) &&
                (q.trunkType === undefined || t.trunkType === q.trunkType),
        )
        .sort((a, b) => {
            for (const o of order) {
                const c = keyOf(a, o.field).localeCompare(keyOf(b, o.field));
                if (c !== 0) {
                    return o.desc ? -c : c;
                }
            }
            return 0;
        });
    return page(
        req,
        ctx,
        "trunks",
        trunks.map((t) => listItem(t, ctx.state)),
    );
}

/** start/max offsets (spec) with a Link header: rel="next" when more remain, rel="prev" after the first page. */
function page(req: SimRequest, ctx: RouteContext, key: string, items: unknown[]): SimResponse {
    const q = req.query;
    const start = q.start === undefined ? 0 : Number(q.start);
    const requested = q.max === undefined ? ctx.pageSize : Number(q.max);
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(requested) || requested < 1) {
        throw bad("start must be a non-negative integer and max a positive integer.");
    }
    // A max above the endpoint's ceiling gets the ceiling plus a next link, as Webex's list endpoints do.
    const max = Math.min(requested, ctx.pageSize);
    const headers: Record<string, string> = {};
    const links: string[] = [];
    if (start + max < items.length) {
        links.push(`<${linkTo(req, { ...q, start: String(start + max), max: String(max) }, ctx.linkQuirks)}>; rel="next"`);
    }
    if (start > 0) {
        links.push(`<${linkTo(req, { ...q, start: String(Math.max(0, start - max)), max: String(max) }, ctx.linkQuirks)}>; rel="prev"`);
    }
    if (links.length > 0) {
        headers.Link = links.join(", ");
    }
    return { status: 200, body: { [key]: items.slice(start, start + max) }, headers };
}

function linkTo(req: SimRequest, query: Record<string, string>, quirks: LinkQuirks): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
        if (!quirks.dropParams?.includes(k)) {
            params.set(k, v);
        }
    }
    const url = `http://${req.headers.host ?? "127.0.0.1"}${WEBEX_BASE_PATH}${req.path}?${params.toString()}`;
    return quirks.httpsCommaPrefix ? `https,${url}` : url;
}

function splitList(v: string | undefined): string[] {
    return v === undefined ? [] : v.split(",").map((s) => s.trim()).filter(Boolean);
}

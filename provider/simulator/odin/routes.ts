/**
 * The Odin endpoints: where identity comes from (query string on GET/DELETE,
 * body on POST/PUT), who must be logged in, and which state call and view
 * answer. Business logic lives in state.ts and rules.ts.
 */
import { randomInt } from "crypto";
import type { Route, SimRequest, SimResponse } from "../core";
import { invalid, notFound, OdinError, unauthorized } from "./errors";
import type { TokenIssuer } from "./jwt";
import { requireTrunkGroupService } from "./rules";
import { EnterpriseTrunkRec, OdinState, requiredId, ServiceProviderRec, trunkKeyFrom } from "./state";
import type { SessionInfo } from "./types";
import * as view from "./views";

export type CapacityReportMode = "withTrunkGroups" | "groupsOnly" | "none";

export interface RouteContext {
    state: OdinState;
    tokens: TokenIssuer;
    capacityReport: CapacityReportMode;
    view: view.ViewOptions;
}

type Authed = (req: SimRequest, user: string) => unknown;

export function odinRoutes(ctx: RouteContext): Route[] {
    const { state } = ctx;
    const v = ctx.view;

    /** Every endpoint but login needs a valid, unexpired Bearer token. */
    const api =
        (fn: Authed): ((req: SimRequest) => SimResponse) =>
        (req) =>
            answer(() => fn(req, authenticate(ctx.tokens, req)));

    const routes: Route[] = [
        // --- auth ------------------------------------------------------------------
        {
            method: "POST",
            path: "/auth/token",
            handler: (req) =>
                answer(() => {
                    const b = objectBody(req);
                    if (typeof b.username !== "string" || typeof b.password !== "string") {
                        throw invalid("username and password are required");
                    }
                    if (!state.checkLogin(b.username, b.password)) {
                        throw new OdinError(401, "Invalid username or password", "POST /auth/token");
                    }
                    return { token: ctx.tokens.issue(b.username) };
                }),
        },
        { method: "PUT", path: "/auth/token", handler: api((_req, user) => ({ token: ctx.tokens.issue(user) })) },
        {
            method: "GET",
            path: "/auth/session",
            handler: api(
                (_req, user): SessionInfo => ({
                    userId: user,
                    loginType: "Provisioning",
                    userDomain: "sim.example",
                    passwordExpiresDays: 2147483647,
                    local: "en_US",
                    encoding: "ISO-8859-1",
                    systemDomain: "sim.example",
                    softwareVersion: "24",
                    isSystemAdmin: true,
                    readOnly: false,
                    policy: [],
                    version: "latest",
                }),
            ),
        },

        // --- service providers and groups ----------------------------------------------
        {
            method: "GET",
            path: "/service-providers",
            handler: api((req) =>
                req.query.serviceProviderId !== undefined
                    ? view.serviceProviderInfo(state.serviceProvider(req.query.serviceProviderId))
                    : state.serviceProviders.map(view.serviceProviderInfo),
            ),
        },
        {
            method: "GET",
            path: "/groups",
            handler: api((req) => {
                const sp = state.serviceProvider(requiredId(req.query, "serviceProviderId"));
                if (req.query.groupId !== undefined) {
                    return view.groupDetail(sp, state.group(sp.serviceProviderId, req.query.groupId).group);
                }
                return sp.groups.map((g) => view.groupSummary(sp, g));
            }),
        },

        // --- call capacities -------------------------------------------------------------
        {
            method: "GET",
            path: "/service-providers/trunk-groups/call-capacity",
            handler: api((req) => view.serviceProviderCapacity(state.serviceProvider(requiredId(req.query, "serviceProviderId")))),
        },
        {
            method: "PUT",
            path: "/service-providers/trunk-groups/call-capacity",
            handler: api((req) => view.serviceProviderCapacity(state.setServiceProviderCapacity(objectBody(req)))),
        },
        {
            method: "GET",
            path: "/service-providers/trunk-groups/call-capacity/reports",
            handler: api((req) => {
                if (ctx.capacityReport === "none") {
                    // An older server without the endpoint: the same answer as any unknown path.
                    throw new OdinError(404, `Not found: GET /api/v2${req.path}`);
                }
                const sp = state.serviceProvider(requiredId(req.query, "serviceProviderId"));
                return view.capacityReport(sp, ctx.capacityReport === "withTrunkGroups", v);
            }),
        },
        {
            method: "GET",
            path: "/groups/trunk-groups/call-capacity",
            handler: api((req) => {
                const { sp, group } = state.group(requiredId(req.query, "serviceProviderId"), requiredId(req.query, "groupId"));
                requireTrunkGroupService(group, "GroupTrunkGroupGetRequest23");
                return view.groupCapacity(sp, group);
            }),
        },
        {
            method: "PUT",
            path: "/groups/trunk-groups/call-capacity",
            handler: api((req) => {
                const { sp, group } = state.setGroupCapacity(objectBody(req));
                return view.groupCapacity(sp, group);
            }),
        },

        // --- trunk groups ----------------------------------------------------------------
        {
            method: "GET",
            path: "/groups/trunk-groups",
            handler: api((req) => {
                if (req.query.name !== undefined) {
                    const { sp, group, trunk } = state.trunkGroup(trunkKeyFrom(req.query));
                    return view.trunkGroupProfile(sp, group, trunk, v);
                }
                const { sp, group } = state.group(requiredId(req.query, "serviceProviderId"), requiredId(req.query, "groupId"));
                requireTrunkGroupService(group, "GroupTrunkGroupGetRequest23");
                return group.trunkGroups.map((t) => view.trunkGroupSummary(sp, group, t, v));
            }),
        },
        {
            method: "POST",
            path: "/groups/trunk-groups",
            handler: api((req) => {
                const { sp, group, trunk } = state.createTrunkGroup(objectBody(req));
                return view.trunkGroupProfile(sp, group, trunk, v);
            }),
        },
        {
            method: "PUT",
            path: "/groups/trunk-groups",
            handler: api((req) => {
                const { sp, group, trunk } = state.modifyTrunkGroup(objectBody(req));
                return view.trunkGroupProfile(sp, group, trunk, v);
            }),
        },
        {
            method: "DELETE",
            path: "/groups/trunk-groups",
            handler: api((req) => {
                const { sp, group, trunk } = state.deleteTrunkGroup(trunkKeyFrom(req.query));
                // Docs show DELETE answering with the deleted profile.
                return view.trunkGroupProfile(sp, group, trunk, v);
            }),
        },
        {
            method: "GET",
            path: "/groups/trunk-groups/users",
            handler: api((req) => {
                const { sp, group, trunk } = state.trunkGroup(trunkKeyFrom(req.query));
                return view.trunkGroupUsers(sp, group, trunk, v);
            }),
        },
        {
            method: "GET",
            path: "/groups/trunk-groups/users/hosted",
            handler: api((req) => {
                const { sp, group, trunk } = state.trunkGroup(trunkKeyFrom(req.query));
                return view.availableHostedUsers(sp, group, trunk, v);
            }),
        },

        // --- enterprise trunks -------------------------------------------------------------
        {
            method: "GET",
            path: "/service-providers/enterprise-trunks",
            handler: api((req) => {
                const sp = state.serviceProvider(requiredId(req.query, "serviceProviderId"));
                return pickEnterpriseTrunks(sp, sp.enterpriseTrunks.filter((et) => et.groupId === undefined), req.query.enterpriseTrunkName);
            }),
        },
        {
            method: "GET",
            path: "/groups/enterprise-trunks",
            handler: api((req) => {
                const { sp, group } = state.group(requiredId(req.query, "serviceProviderId"), requiredId(req.query, "groupId"));
                return pickEnterpriseTrunks(sp, sp.enterpriseTrunks.filter((et) => et.groupId === group.groupId), req.query.enterpriseTrunkName);
            }),
        },

        // --- passwords ---------------------------------------------------------------------
        { method: "GET", path: "/sip-password/generate", handler: api(() => ({ password: generatePassword(12) })) },
    ];
    return routes;
}

function pickEnterpriseTrunks(sp: ServiceProviderRec, list: EnterpriseTrunkRec[], name?: string) {
    if (name === undefined) {
        return list.map((et) => view.enterpriseTrunk(sp, et));
    }
    const et = list.find((x) => x.enterpriseTrunkName === name);
    if (!et) {
        throw notFound("Enterprise Trunk", name);
    }
    return view.enterpriseTrunk(sp, et);
}

function answer(fn: () => unknown): SimResponse {
    try {
        return { status: 200, body: fn() };
    } catch (e) {
        if (e instanceof OdinError) {
            return { status: e.status, body: e.toBody() };
        }
        throw e;
    }
}

function authenticate(tokens: TokenIssuer, req: SimRequest): string {
    const header = req.headers.authorization;
    const m = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) {
        throw unauthorized("Authorization token required");
    }
    const check = tokens.verify(m[1]);
    if (check.ok) {
        return check.claims.sub;
    }
    switch (check.reason) {
        case "expired":
            throw unauthorized("Token has expired");
        case "revoked":
            throw unauthorized("Token is no longer valid");
        default:
            throw unauthorized("Invalid token");
    }
}

/** POST/PUT bodies must be JSON objects; a broken body is the client's error (400), not ours. */
function objectBody(req: SimRequest): Record<string, unknown> {
    if (req.bodyError) {
        throw new OdinError(400, `Invalid JSON body: ${req.bodyError}`, null);
    }
    if (!req.body || typeof req.body !== "object" || Array.isArray(req.body)) {
        throw new OdinError(400, "A JSON object body is required", null);
    }
    return req.body as Record<string, unknown>;
}

const PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!_{}#%+";

/** Like the sample "8!01T_8Hk{R6": mixed case, digits and a few specials. */
function generatePassword(length: number): string {
    const groups = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!_{}#%+"];
    const chars = groups.map((g) => g[randomInt(g.length)]);
    while (chars.length < length) {
        chars.push(PASSWORD_CHARS[randomInt(PASSWORD_CHARS.length)]);
    }
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join("");
}

/**
 * The Odin endpoints: where identity comes from (query string on GET/DELETE,
 * body on POST/PUT), who must be logged in, and which state call and view
 * answer. Business logic lives in state.ts and rules.ts.
 */
import type { Route, SimRequest, SimResponse } from "../core";
import { ET_CMD, buildEnterpriseTrunk, findEnterpriseTrunk, modifyEnterpriseTrunk } from "./enterpriseTrunks";
import { invalid, notFound, OdinError, unauthorized } from "./errors";
import type { TokenIssuer } from "./jwt";
import { generate } from "./passwords";
import { requireTrunkGroupService } from "./rules";
import { isSearchPattern, wildcardMatch } from "./search";
import { loginAnswer, sessionOf } from "./session";
import { CMD, EnterpriseTrunkRec, OdinState, requiredId, ServiceProviderRec, trunkKeyFrom } from "./state";
import type { SeedLogin } from "./types";
import * as view from "./views";

export type CapacityReportMode = "withTrunkGroups" | "groupsOnly" | "none";

/** How the enterprise-trunk lists answer: "summary" (the real list's two columns) or "full" (whole records, the simulator's old answer). */
export type EnterpriseTrunkListMode = "summary" | "full";

export interface RouteContext {
    state: OdinState;
    tokens: TokenIssuer;
    capacityReport: CapacityReportMode;
    enterpriseTrunkList: EnterpriseTrunkListMode;
    view: view.ViewOptions;
}

type Authed = (req: SimRequest, user: string) => unknown;

export function odinRoutes(ctx: RouteContext): Route[] {
    const { state } = ctx;
    const v = ctx.view;

    const session = (login: SeedLogin) => sessionOf(login, login.serviceProviderId !== undefined ? state.findServiceProvider(login.serviceProviderId)?.isEnterprise : undefined);

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
                    const login = state.checkLogin(b.username, b.password);
                    if (!login) {
                        throw new OdinError(401, "Invalid username or password", "POST /auth/token");
                    }
                    return loginAnswer(ctx.tokens.issue(b.username), session(login));
                }),
        },
        {
            method: "PUT",
            path: "/auth/token",
            handler: api((_req, user) => loginAnswer(ctx.tokens.issue(user), session(state.login(user) ?? { username: user, password: "" }))),
        },
        { method: "GET", path: "/auth/session", handler: api((_req, user) => session(state.login(user) ?? { username: user, password: "" })) },

        // --- service providers and groups ----------------------------------------------
        {
            method: "GET",
            path: "/service-providers",
            handler: api((req) =>
                req.query.serviceProviderId !== undefined
                    ? view.serviceProviderInfo(state.serviceProvider(req.query.serviceProviderId))
                    : state.serviceProviders.filter((sp) => req.query.resellerId === undefined || sp.resellerId === req.query.resellerId).map(view.serviceProviderInfo),
            ),
        },
        {
            method: "GET",
            path: "/groups",
            handler: api((req) => {
                const q = req.query;
                if (isSearchPattern(q.groupId) || q.groupName !== undefined) {
                    // The web UI's group search: *text* on groupId or groupName, within one service provider or all.
                    const within = q.serviceProviderId !== undefined ? [state.serviceProvider(q.serviceProviderId)] : state.serviceProviders;
                    return within.flatMap((sp) =>
                        sp.groups
                            .filter((g) => (q.groupId === undefined || wildcardMatch(q.groupId, g.groupId)) && (q.groupName === undefined || wildcardMatch(q.groupName, g.groupName)))
                            .map((g) => view.groupSummary(sp, g)),
                    );
                }
                const sp = state.serviceProvider(requiredId(q, "serviceProviderId"));
                if (q.groupId !== undefined) {
                    return view.groupDetail(sp, state.group(sp.serviceProviderId, q.groupId).group);
                }
                return sp.groups.map((g) => view.groupSummary(sp, g));
            }),
        },

        // --- call capacities -------------------------------------------------------------
        {
            method: "GET",
            path: "/service-providers/trunk-groups/call-capacity",
            handler: api((req) => view.serviceProviderCapacity(state.serviceProviderWithService(requiredId(req.query, "serviceProviderId"), CMD.spCapacityGet))),
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
                const sp = state.serviceProviderWithService(requiredId(req.query, "serviceProviderId"), CMD.spCapacityGet);
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
                return pickEnterpriseTrunks(sp, sp.enterpriseTrunks.filter((et) => et.groupId === undefined), req.query.enterpriseTrunkName, ctx.enterpriseTrunkList);
            }),
        },
        {
            method: "GET",
            path: "/groups/enterprise-trunks",
            handler: api((req) => {
                const { sp, group } = state.group(requiredId(req.query, "serviceProviderId"), requiredId(req.query, "groupId"));
                return pickEnterpriseTrunks(sp, sp.enterpriseTrunks.filter((et) => et.groupId === group.groupId), req.query.enterpriseTrunkName, ctx.enterpriseTrunkList);
            }),
        },

        ...(["enterprise", "group"] as const).flatMap((level): Route[] => {
            const path = level === "enterprise" ? "/service-providers/enterprise-trunks" : "/groups/enterprise-trunks";
            /** The service provider and the level's group (none at enterprise level) a query or body names. */
            const where = (source: Record<string, unknown>, command: string) => {
                const sp = state.serviceProvider(requiredId(source, "serviceProviderId", command));
                return { sp, groupId: level === "group" ? state.group(sp.serviceProviderId, requiredId(source, "groupId", command)).group.groupId : undefined };
            };
            return [
                {
                    method: "POST",
                    path,
                    handler: api((req) => {
                        const body = objectBody(req);
                        const command = ET_CMD.add[level];
                        const { sp, groupId } = where(body, command);
                        const et = buildEnterpriseTrunk(sp, groupId, body, "create", command);
                        sp.enterpriseTrunks.push(et);
                        return view.enterpriseTrunk(sp, et);
                    }),
                },
                {
                    method: "PUT",
                    path,
                    handler: api((req) => {
                        const body = objectBody(req);
                        const command = ET_CMD.modify[level];
                        const { sp, groupId } = where(body, command);
                        const et = findEnterpriseTrunk(sp, groupId, body.enterpriseTrunkName);
                        modifyEnterpriseTrunk(sp, et, body, command);
                        return view.enterpriseTrunk(sp, et);
                    }),
                },
                {
                    method: "DELETE",
                    path,
                    handler: api((req) => {
                        const { sp, groupId } = where(req.query, ET_CMD.delete[level]);
                        const et = findEnterpriseTrunk(sp, groupId, req.query.enterpriseTrunkName);
                        sp.enterpriseTrunks.splice(sp.enterpriseTrunks.indexOf(et), 1);
                        return view.enterpriseTrunk(sp, et);
                    }),
                },
            ];
        }),

        // --- passwords ---------------------------------------------------------------------
        { method: "GET", path: "/sip-password/generate", handler: api((req) => generate("sip", req.query.limit)) },
        {
            method: "GET",
            path: "/password/generate",
            handler: api((req) => {
                state.group(requiredId(req.query, "serviceProviderId"), requiredId(req.query, "groupId"));
                return generate("web", req.query.limit);
            }),
        },
        {
            method: "GET",
            path: "/passcode/generate",
            handler: api((req) => {
                state.group(requiredId(req.query, "serviceProviderId"), requiredId(req.query, "groupId"));
                return generate("passcode", req.query.limit);
            }),
        },
    ];
    return routes;
}

function pickEnterpriseTrunks(sp: ServiceProviderRec, list: EnterpriseTrunkRec[], name: string | undefined, mode: EnterpriseTrunkListMode) {
    if (name === undefined) {
        return list.map((et) => (mode === "full" ? view.enterpriseTrunk(sp, et) : view.enterpriseTrunkSummary(sp, et)));
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

import { confirmedDelete } from "../http/confirmDelete";
import { isApiError } from "../http/errors";
import { SecretRegistry } from "../http/redact";
import { AnswerCheck, ClientTransportOptions, HttpTransport } from "../http/transport";
import { transportKnobs } from "../util/clientTransport";
import { OdinAuth } from "./auth";
import { isNotFound, parseOdinErrorBody } from "./errors";
import type {
    CallCapacityReport,
    EnterpriseTrunk,
    EnterpriseTrunkKey,
    EnterpriseTrunkModifyBody,
    EnterpriseTrunkSettings,
    GroupCallCapacity,
    GroupCallCapacityBody,
    GroupSummary,
    ServiceProviderCallCapacity,
    ServiceProviderCallCapacityBody,
    ServiceProviderInfo,
    TrunkGroupCreateBody,
    TrunkGroupKey,
    TrunkGroupModifyBody,
    TrunkGroupProfile,
    TrunkGroupSummary,
} from "./types";

/** Room for the call-capacity report of the largest service providers (about 1.1 KB per group with its rows). */
export const CAPACITY_REPORT_MAX_BYTES = 256 * 1024 * 1024;

export interface OdinClientOptions extends ClientTransportOptions {
    /** e.g. https://host/api/v2 */
    baseUrl: string;
    username: string;
    password: string;
    /** Clock for token expiry decisions (tests). */
    now?: () => number;
}

/**
 * Typed endpoints of the Odin API used by this package. Identity goes in the
 * query string for GET/DELETE and in the body for POST/PUT, as Odin expects.
 */
export class OdinClient {
    readonly transport: HttpTransport;
    readonly auth: OdinAuth;

    constructor(opts: OdinClientOptions) {
        const secrets = opts.secrets ?? new SecretRegistry();
        secrets.add(opts.password);
        const common = { ...transportKnobs(opts), api: "Odin", baseUrl: opts.baseUrl, secrets, parseErrorBody: parseOdinErrorBody };
        // The token calls go through a transport of their own, without auth
        // hooks, so the strategy is built with its request function and the
        // authenticated transport on top needs nothing assigned afterwards.
        // It is quiet while it is built: the TLS warning is the main transport's to give.
        let building = true;
        const tokens = new HttpTransport({ ...common, log: (level, message) => (building ? undefined : opts.log?.(level, message)) });
        building = false;
        this.auth = new OdinAuth({
            username: opts.username,
            password: opts.password,
            now: opts.now,
            secrets,
            request: (spec) => tokens.request(spec),
            baseUrl: opts.baseUrl,
            baseUrlName: opts.settingNames?.baseUrl,
        });
        this.transport = new HttpTransport({ ...common, log: opts.log, auth: this.auth });
    }

    // --- service providers and groups -------------------------------------------------

    async getServiceProvider(serviceProviderId: string): Promise<ServiceProviderInfo> {
        return this.get<ServiceProviderInfo>("/service-providers", { serviceProviderId });
    }

    async listGroups(serviceProviderId: string): Promise<GroupSummary[]> {
        return this.list<GroupSummary>("/groups", { serviceProviderId });
    }

    async getServiceProviderCallCapacity(serviceProviderId: string): Promise<ServiceProviderCallCapacity> {
        return this.get("/service-providers/trunk-groups/call-capacity", { serviceProviderId });
    }

    async getGroupCallCapacity(serviceProviderId: string, groupId: string): Promise<GroupCallCapacity> {
        return this.get("/groups/trunk-groups/call-capacity", { serviceProviderId, groupId });
    }

    /** The service provider's trunking call capacity; absent values stay as they are. PUT is idempotent. */
    async setServiceProviderCallCapacity(body: ServiceProviderCallCapacityBody): Promise<void> {
        await this.transport.request({ method: "PUT", path: "/service-providers/trunk-groups/call-capacity", body, expect: "any" });
    }

    /** A group's share of it; absent values stay as they are. The ceilings cannot be set here. */
    async setGroupCallCapacity(body: GroupCallCapacityBody): Promise<void> {
        await this.transport.request({ method: "PUT", path: "/groups/trunk-groups/call-capacity", body, expect: "any" });
    }

    /** The one-call report; undefined when the server does not offer the endpoint. */
    async getCallCapacityReport(serviceProviderId: string): Promise<CallCapacityReport | undefined> {
        const res = await this.transport.request<CallCapacityReport>({
            method: "GET",
            path: "/service-providers/trunk-groups/call-capacity/reports",
            query: { serviceProviderId },
            acceptStatuses: [404, 405, 501],
            // It grows with the service provider: 17 MiB for 16000 groups of 5 trunk groups.
            maxResponseBytes: CAPACITY_REPORT_MAX_BYTES,
        });
        return res.status >= 200 && res.status < 300 ? res.data : undefined;
    }

    // --- trunk groups ------------------------------------------------------------------

    async listTrunkGroups(serviceProviderId: string, groupId: string): Promise<TrunkGroupSummary[]> {
        return this.list<TrunkGroupSummary>("/groups/trunk-groups", { serviceProviderId, groupId });
    }

    /**
     * One trunk group's profile. An answer `check` refuses (another trunk
     * group's, a field turned into text, emptied) is asked again.
     */
    async getTrunkGroup(key: TrunkGroupKey, check: AnswerCheck): Promise<TrunkGroupProfile> {
        const res = await this.transport.request<TrunkGroupProfile>({
            method: "GET",
            path: "/groups/trunk-groups",
            query: { ...key },
            expect: "object",
            validate: profileOf(key, check),
        });
        return res.data;
    }

    /**
     * Like getTrunkGroup, but undefined when the trunk group does not exist:
     * the one place its absence is decided, and only by Odin's own "not found"
     * (its JSON error body), never by a proxy's page or an empty answer.
     */
    async findTrunkGroup(key: TrunkGroupKey, check: AnswerCheck): Promise<TrunkGroupProfile | undefined> {
        try {
            return await this.getTrunkGroup(key, check);
        } catch (e) {
            if (isNotFound(e)) {
                return undefined;
            }
            throw e;
        }
    }

    /**
     * POST is not idempotent: the transport never repeats it after an answer
     * that leaves its fate unknown (an answer that is not the new profile
     * included); the caller decides by looking it up.
     */
    async createTrunkGroup(body: TrunkGroupCreateBody, check: AnswerCheck): Promise<TrunkGroupProfile> {
        this.transport.secrets.add(body.sipAuthenticationPassword);
        const res = await this.transport.request<TrunkGroupProfile>({
            method: "POST",
            path: "/groups/trunk-groups",
            body,
            expect: "object",
            validate: profileOf(body, check),
        });
        return res.data;
    }

    /**
     * Sparse modify: absent fields stay as they are; `newName` renames; `users`
     * would replace the list. Odin may answer with the profile or with
     * nothing; a profile that is not the one modified is refused (and the
     * idempotent PUT sent again).
     */
    async modifyTrunkGroup(body: TrunkGroupModifyBody, check: AnswerCheck): Promise<TrunkGroupProfile | undefined> {
        this.transport.secrets.add(body.sipAuthenticationPassword);
        const named = profileOf({ name: body.newName ?? body.name }, check);
        const res = await this.transport.request<TrunkGroupProfile | undefined>({
            method: "PUT",
            path: "/groups/trunk-groups",
            body,
            expect: "any",
            validate: (data) => (data === undefined ? undefined : named(data)),
        });
        return res.data;
    }

    /**
     * One DELETE (repeated by the transport when its answer is lost).
     * "deleted": this call removed it; a repeat that meets Odin's "not found"
     * after an earlier attempt of this call got no clear answer counts too,
     * since that attempt did it. "absent": the first attempt already found
     * nothing (confirmed by the trunk group's own lookup), so it was gone, or
     * renamed, before this call. Odin answers a DELETE with the deleted
     * profile: a success with an empty body is something else's answer (a
     * gateway that turned a refusal into a 200), so one lookup decides (see
     * confirmedDelete): a trunk group still there is deleted again, and in
     * the end the call fails rather than report it deleted.
     */
    async deleteTrunkGroup(key: TrunkGroupKey, check: AnswerCheck): Promise<"deleted" | "absent"> {
        return this.deleteOne("/groups/trunk-groups", { ...key }, `trunk group ${key.name}`, "trunk group", () => this.findTrunkGroup(key, check));
    }

    // --- enterprise trunks -------------------------------------------------------------

    async listEnterpriseTrunks(serviceProviderId: string): Promise<EnterpriseTrunk[]> {
        return this.list<EnterpriseTrunk>("/service-providers/enterprise-trunks", { serviceProviderId });
    }

    async getEnterpriseTrunk(serviceProviderId: string, enterpriseTrunkName: string): Promise<EnterpriseTrunk> {
        return this.get("/service-providers/enterprise-trunks", { serviceProviderId, enterpriseTrunkName });
    }

    async listGroupEnterpriseTrunks(serviceProviderId: string, groupId: string): Promise<EnterpriseTrunk[]> {
        return this.list<EnterpriseTrunk>("/groups/enterprise-trunks", { serviceProviderId, groupId });
    }

    async getGroupEnterpriseTrunk(serviceProviderId: string, groupId: string, enterpriseTrunkName: string): Promise<EnterpriseTrunk> {
        return this.get("/groups/enterprise-trunks", { serviceProviderId, groupId, enterpriseTrunkName });
    }

    /** One enterprise trunk, or undefined when Odin says there is none; an answer `check` refuses is asked again. */
    async findEnterpriseTrunk(key: EnterpriseTrunkKey, check: AnswerCheck): Promise<EnterpriseTrunk | undefined> {
        try {
            return (await this.transport.request<EnterpriseTrunk>({ method: "GET", path: enterpriseTrunkPath(key), query: enterpriseTrunkQuery(key), expect: "object", validate: check })).data;
        } catch (e) {
            if (isNotFound(e)) {
                return undefined;
            }
            throw e;
        }
    }

    /** POST at the key's level; never repeated once its fate is unknown (the caller looks it up). */
    async createEnterpriseTrunk(body: EnterpriseTrunkKey & EnterpriseTrunkSettings, check: AnswerCheck): Promise<EnterpriseTrunk> {
        return (await this.transport.request<EnterpriseTrunk>({ method: "POST", path: enterpriseTrunkPath(body), body, expect: "object", validate: check })).data;
    }

    /** Sparse modify: absent fields stay as they are; `newEnterpriseTrunkName` renames. Odin may answer with the trunk or with nothing. */
    async modifyEnterpriseTrunk(body: EnterpriseTrunkModifyBody, check: AnswerCheck): Promise<EnterpriseTrunk | undefined> {
        const res = await this.transport.request<EnterpriseTrunk | undefined>({
            method: "PUT",
            path: enterpriseTrunkPath(body),
            body,
            expect: "any",
            validate: (data) => (data === undefined ? undefined : check(data)),
        });
        return res.data;
    }

    /** As deleteTrunkGroup: "deleted", or "absent" when it was gone before this call. */
    async deleteEnterpriseTrunk(key: EnterpriseTrunkKey, check: AnswerCheck): Promise<"deleted" | "absent"> {
        return this.deleteOne(enterpriseTrunkPath(key), enterpriseTrunkQuery(key), `enterprise trunk ${key.enterpriseTrunkName}`, "enterprise trunk", () => this.findEnterpriseTrunk(key, check));
    }

    // --- plumbing ----------------------------------------------------------------------

    /**
     * One DELETE of an object Odin answers with the deleted object (see
     * confirmedDelete for any other success). "Not found" is decided by the
     * object's own lookup: on the first attempt it was gone before this call
     * ("absent"); on a repeat after an unclear answer, that attempt did it.
     */
    private async deleteOne(path: string, query: Record<string, string>, what: string, noun: string, find: () => Promise<unknown>): Promise<"deleted" | "absent"> {
        try {
            await confirmedDelete({
                send: () => this.transport.request({ method: "DELETE", path, query, expect: "none" }),
                own: (res) => res.bodyKind === "json",
                stillThere: async () => (await find()) !== undefined,
                api: "Odin",
                path,
                noun,
                what,
                expected: `the deleted ${noun}`,
            });
            return "deleted";
        } catch (e) {
            if (isNotFound(e) && (await find()) === undefined) {
                return isApiError(e) && e.attempts > 1 ? "deleted" : "absent";
            }
            throw e;
        }
    }


    private async get<T>(path: string, query: Record<string, string>): Promise<T> {
        return (await this.transport.request<T>({ method: "GET", path, query, expect: "object" })).data;
    }

    /** A list answer must be a list: an empty, null or emptied answer is asked again, never taken for "none". */
    private async list<T>(path: string, query: Record<string, string>): Promise<T[]> {
        return (await this.transport.request<T[]>({ method: "GET", path, query, expect: "array" })).data;
    }
}

/** An enterprise's enterprise trunks, or a group's. */
function enterpriseTrunkPath(key: { groupId?: string }): string {
    return key.groupId === undefined ? "/service-providers/enterprise-trunks" : "/groups/enterprise-trunks";
}

function enterpriseTrunkQuery(key: EnterpriseTrunkKey): Record<string, string> {
    return { serviceProviderId: key.serviceProviderId, ...(key.groupId !== undefined ? { groupId: key.groupId } : {}), enterpriseTrunkName: key.enterpriseTrunkName };
}

/** The caller's verdict, worded to follow "the response body is not what the API sends: ". */
function profileOf(key: { name: string }, check: AnswerCheck): AnswerCheck {
    return (data) => {
        const problem = check(data);
        return problem === undefined ? undefined : `as the profile of trunk group ${key.name}, ${problem}`;
    };
}

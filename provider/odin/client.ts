import { SecretRegistry } from "../http/redact";
import { ClientTransportOptions, HttpTransport } from "../http/transport";
import { transportKnobs } from "../util/clientTransport";
import { OdinAuth } from "./auth";
import { isNotFound, parseOdinErrorBody } from "./errors";
import type {
    CallCapacityReport,
    EnterpriseTrunk,
    GroupCallCapacity,
    GroupSummary,
    ServiceProviderCallCapacity,
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
        this.auth = new OdinAuth({ username: opts.username, password: opts.password, now: opts.now, secrets, request: (spec) => tokens.request(spec) });
        this.transport = new HttpTransport({ ...common, log: opts.log, auth: this.auth });
    }

    // --- service providers and groups -------------------------------------------------

    async getServiceProvider(serviceProviderId: string): Promise<ServiceProviderInfo> {
        return this.get<ServiceProviderInfo>("/service-providers", { serviceProviderId });
    }

    async listGroups(serviceProviderId: string): Promise<GroupSummary[]> {
        return (await this.get<GroupSummary[]>("/groups", { serviceProviderId })) ?? [];
    }

    async getServiceProviderCallCapacity(serviceProviderId: string): Promise<ServiceProviderCallCapacity> {
        return this.get("/service-providers/trunk-groups/call-capacity", { serviceProviderId });
    }

    async getGroupCallCapacity(serviceProviderId: string, groupId: string): Promise<GroupCallCapacity> {
        return this.get("/groups/trunk-groups/call-capacity", { serviceProviderId, groupId });
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
        return (await this.get<TrunkGroupSummary[]>("/groups/trunk-groups", { serviceProviderId, groupId })) ?? [];
    }

    async getTrunkGroup(key: TrunkGroupKey): Promise<TrunkGroupProfile> {
        return this.get<TrunkGroupProfile>("/groups/trunk-groups", { ...key });
    }

    /** Like getTrunkGroup, but undefined when the trunk group does not exist: the one place its absence is decided. */
    async findTrunkGroup(key: TrunkGroupKey): Promise<TrunkGroupProfile | undefined> {
        try {
            return await this.getTrunkGroup(key);
        } catch (e) {
            if (isNotFound(e)) {
                return undefined;
            }
            throw e;
        }
    }

    /**
     * POST is not idempotent: the transport never repeats it after an answer
     * that leaves its fate unknown; the caller decides by looking it up.
     */
    async createTrunkGroup(body: TrunkGroupCreateBody): Promise<TrunkGroupProfile> {
        this.transport.secrets.add(body.sipAuthenticationPassword);
        const res = await this.transport.request<TrunkGroupProfile>({ method: "POST", path: "/groups/trunk-groups", body });
        return res.data;
    }

    /** Sparse modify: absent fields stay as they are; `newName` renames; `users` would replace the list. */
    async modifyTrunkGroup(body: TrunkGroupModifyBody): Promise<TrunkGroupProfile | undefined> {
        this.transport.secrets.add(body.sipAuthenticationPassword);
        const res = await this.transport.request<TrunkGroupProfile>({ method: "PUT", path: "/groups/trunk-groups", body });
        return res.data;
    }

    /** Resolves false when there was nothing to delete (a "not found" the trunk group's own lookup confirms). */
    async deleteTrunkGroup(key: TrunkGroupKey): Promise<boolean> {
        try {
            await this.transport.request({ method: "DELETE", path: "/groups/trunk-groups", query: { ...key } });
            return true;
        } catch (e) {
            if (isNotFound(e) && (await this.findTrunkGroup(key)) === undefined) {
                return false;
            }
            throw e;
        }
    }

    // --- enterprise trunks -------------------------------------------------------------

    async listEnterpriseTrunks(serviceProviderId: string): Promise<EnterpriseTrunk[]> {
        return (await this.get<EnterpriseTrunk[]>("/service-providers/enterprise-trunks", { serviceProviderId })) ?? [];
    }

    async getEnterpriseTrunk(serviceProviderId: string, enterpriseTrunkName: string): Promise<EnterpriseTrunk> {
        return this.get("/service-providers/enterprise-trunks", { serviceProviderId, enterpriseTrunkName });
    }

    async listGroupEnterpriseTrunks(serviceProviderId: string, groupId: string): Promise<EnterpriseTrunk[]> {
        return (await this.get<EnterpriseTrunk[]>("/groups/enterprise-trunks", { serviceProviderId, groupId })) ?? [];
    }

    async getGroupEnterpriseTrunk(serviceProviderId: string, groupId: string, enterpriseTrunkName: string): Promise<EnterpriseTrunk> {
        return this.get("/groups/enterprise-trunks", { serviceProviderId, groupId, enterpriseTrunkName });
    }

    // --- plumbing ----------------------------------------------------------------------

    private async get<T>(path: string, query: Record<string, string>): Promise<T> {
        return (await this.transport.request<T>({ method: "GET", path, query })).data;
    }
}

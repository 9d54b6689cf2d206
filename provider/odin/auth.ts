import { ApiError } from "../http/errors";
import { SecretRegistry, redactUrls } from "../http/redact";
import type { ApiResponse, AuthHooks, RequestSpec } from "../http/transport";
import type { TokenResponse } from "./types";

/** Sends a request without an Authorization header of its own (the token calls carry theirs). */
export type TokenRequest = <T>(spec: RequestSpec) => Promise<ApiResponse<T>>;

export interface OdinAuthOptions {
    username: string;
    password: string;
    /** The unauthenticated request function the token calls go through. */
    request: TokenRequest;
    /** Every token issued is registered here, so no log or error can show it. */
    secrets: SecretRegistry;
    /** Clock for token expiry decisions (tests). */
    now?: () => number;
    /** For the advice when there is no login where it was looked for: the base URL and how its setting is named. */
    baseUrl?: string;
    baseUrlName?: string;
}

/**
 * Odin session tokens: POST /auth/token to log in, PUT /auth/token to refresh
 * before `exp` (read from the JWT, since lifetime is server-configured), and a
 * single re-login after a 401. Concurrent requests share one login in flight.
 * Like an Octokit auth strategy, it is handed the plain request function at
 * construction and the authenticated transport calls its hooks.
 */
export class OdinAuth implements AuthHooks {
    private token?: string;
    private expiresAt?: number; // ms since epoch
    private issuedAt?: number;
    private pending?: Promise<string>;
    private readonly now: () => number;
    logins = 0;
    refreshes = 0;

    constructor(private readonly opts: OdinAuthOptions) {
        this.now = opts.now ?? Date.now;
    }

    async header(): Promise<string> {
        return `Bearer ${await this.currentToken()}`;
    }

    async onUnauthorized(refused: string | undefined): Promise<boolean> {
        // Another request may already have replaced the refused token.
        if (this.token && refused !== `Bearer ${this.token}`) {
            return true;
        }
        this.token = undefined;
        await this.single(() => this.login());
        return true;
    }

    private async currentToken(): Promise<string> {
        if (!this.token) {
            return this.single(() => this.login());
        }
        if (this.needsRefresh()) {
            return this.single(() => this.refreshOrLogin());
        }
        return this.token;
    }

    private needsRefresh(): boolean {
        if (this.expiresAt === undefined) {
            return false;
        }
        const lifetime = this.issuedAt !== undefined ? this.expiresAt - this.issuedAt : 3_600_000;
        const margin = Math.min(60_000, Math.max(1_000, lifetime / 10));
        return this.now() >= this.expiresAt - margin;
    }

    private single(fn: () => Promise<string>): Promise<string> {
        if (!this.pending) {
            this.pending = fn().finally(() => {
                this.pending = undefined;
            });
        }
        return this.pending;
    }

    private async login(): Promise<string> {
        this.logins++;
        try {
            const res = await this.opts.request<TokenResponse>({
                method: "POST",
                path: "/auth/token",
                body: { username: this.opts.username, password: this.opts.password },
                // Logging in creates nothing; repeating it is harmless, so an answer without a token is asked again.
                idempotent: true,
                // No login at this path is a wrong base URL, not something a retry fixes.
                acceptStatuses: [404],
                ...TOKEN_ANSWER,
            });
            if (res.status === 404) {
                throw this.noLoginHere(res);
            }
            return this.accept(res.data, "POST /auth/token");
        } catch (e) {
            if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 400)) {
                throw e.withHint(
                    "Login to the Odin API was refused: check odin:username / odin:password (or ODIN_USERNAME / ODIN_PASSWORD) and odin:baseUrl",
                );
            }
            throw e;
        }
    }

    /** A 404 from the login: the base URL lacks the API's path (`…/api/v2`), or points at something else. */
    private noLoginHere(res: ApiResponse<unknown>): ApiError {
        let base = this.opts.baseUrl ?? "";
        let example = "https://odin.example.net/api/v2";
        let basePath = "";
        try {
            const u = new URL(base);
            basePath = u.pathname.replace(/\/+$/, "");
            base = redactUrls(base.replace(/\/+$/, ""));
            example = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}/api/v2`.replace(/(\/api\/v2)+$/, "/api/v2");
        } catch {
            // No usable URL to build an example from: the generic one stands.
        }
        const setting = this.opts.baseUrlName ?? "odin:baseUrl (or ODIN_BASE_URL)";
        return new ApiError({
            api: "Odin",
            method: "POST",
            path: `${basePath}/auth/token`,
            status: 404,
            apiMessage: res.errorInfo?.message ?? "Not found",
            attempts: res.attempts,
            apiBody: res.errorInfo !== undefined,
            failure: "http",
            hint:
                `There is no Odin API login at ${base}/auth/token: ${setting} must be the API's base URL, with its path, ` +
                `like ${example} (the path Odin serves its API under, /api/v2 by default)`,
        });
    }

    private async refreshOrLogin(): Promise<string> {
        const old = this.token;
        if (old && this.expiresAt !== undefined && this.now() < this.expiresAt) {
            try {
                this.refreshes++;
                const res = await this.opts.request<TokenResponse>({
                    method: "PUT",
                    path: "/auth/token",
                    // The refresh is authorised by the token it replaces.
                    ...withBearer(old),
                    ...TOKEN_ANSWER,
                });
                return this.accept(res.data, "PUT /auth/token");
            } catch {
                // An expired or revoked token cannot be refreshed: log in again.
            }
        }
        this.token = undefined;
        return this.login();
    }

    private accept(data: TokenResponse | undefined, call: string): string {
        const token = data && typeof data.token === "string" ? data.token : undefined;
        if (!token) {
            throw new Error(`Odin API ${call} answered without a token; is odin:baseUrl the API base (…/api/v2)?`);
        }
        this.opts.secrets.add(token);
        this.token = token;
        const claims = decodeJwtClaims(token);
        this.expiresAt = typeof claims?.exp === "number" ? claims.exp * 1000 : undefined;
        this.issuedAt = typeof claims?.iat === "number" ? claims.iat * 1000 : this.now();
        return token;
    }
}

/** A token answer must carry a token: a gateway's emptied or altered 200 is asked again, not taken for a refusal. */
const TOKEN_ANSWER: Pick<RequestSpec, "expect" | "validate"> = {
    expect: "object",
    validate: (data) => {
        const token = (data as Partial<TokenResponse>).token;
        return typeof token === "string" && token !== "" ? undefined : "it carries no token";
    },
};

function withBearer(token: string): { headers: Record<string, string> } {
    return { headers: { Authorization: `Bearer ${token}` } };
}

export function decodeJwtClaims(token: string): { exp?: number; iat?: number } | undefined {
    const part = token.split(".")[1];
    if (!part) {
        return undefined;
    }
    try {
        return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    } catch {
        return undefined;
    }
}

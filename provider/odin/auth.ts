import { ApiError } from "../http/errors";
import type { AuthHooks, HttpTransport } from "../http/transport";
import type { TokenResponse } from "./types";

/**
 * Odin session tokens: POST /auth/token to log in, PUT /auth/token to refresh
 * before `exp` (read from the JWT, since lifetime is server-configured), and a
 * single re-login after a 401. Concurrent requests share one login in flight.
 */
export class OdinAuth implements AuthHooks {
    private token?: string;
    private expiresAt?: number; // ms since epoch
    private issuedAt?: number;
    private pending?: Promise<string>;
    transport?: HttpTransport;
    logins = 0;
    refreshes = 0;

    constructor(
        private readonly username: string,
        private readonly password: string,
        private readonly now: () => number = Date.now,
    ) {}

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
        const t = this.requireTransport();
        this.logins++;
        try {
            const res = await t.request<TokenResponse>({
                method: "POST",
                path: "/auth/token",
                body: { username: this.username, password: this.password },
                skipAuth: true,
                // Logging in creates nothing; repeating it is harmless.
                idempotent: true,
            });
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

    private async refreshOrLogin(): Promise<string> {
        const t = this.requireTransport();
        const old = this.token;
        if (old && this.expiresAt !== undefined && this.now() < this.expiresAt) {
            try {
                this.refreshes++;
                const res = await t.request<TokenResponse>({
                    method: "PUT",
                    path: "/auth/token",
                    skipAuth: true,
                    // The transport adds no header when skipAuth is set, so pass it here.
                    ...withBearer(old),
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
        this.requireTransport().secrets.add(token);
        this.token = token;
        const claims = decodeJwtClaims(token);
        this.expiresAt = typeof claims?.exp === "number" ? claims.exp * 1000 : undefined;
        this.issuedAt = typeof claims?.iat === "number" ? claims.iat * 1000 : this.now();
        return token;
    }

    private requireTransport(): HttpTransport {
        if (!this.transport) {
            throw new Error("OdinAuth used before it was attached to a transport");
        }
        return this.transport;
    }
}

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

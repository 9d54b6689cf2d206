/**
 * Odin session tokens are JWTs whose `exp` clients read to refresh in time,
 * so the simulator issues real ones (HS256 with a per-run secret) instead of
 * opaque strings. A generation claim lets expireTokens() invalidate every
 * token at once, the way a server restart or a revoked session does.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "crypto";

export interface TokenClaims {
    iss: string;
    sub: string;
    iat: number;
    nbf: number;
    exp: number;
    jti: string;
    gen: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: "malformed" | "signature" | "expired" | "revoked" };

export class TokenIssuer {
    private readonly secret = randomBytes(32);
    private generation = 0;

    constructor(
        /** Fractions allowed, so tests can watch a token expire quickly. */
        private readonly ttlSeconds: number,
        private readonly now: () => number = Date.now,
    ) {}

    issue(username: string): string {
        // Whole seconds as usual; a fractional lifetime keeps the fraction so a 0.4 s token lives 0.4 s.
        const nowSeconds = this.now() / 1000;
        const iat = Number.isInteger(this.ttlSeconds) ? Math.floor(nowSeconds) : nowSeconds;
        const claims: TokenClaims = {
            iss: "odin-simulator",
            sub: username,
            iat,
            nbf: iat,
            exp: iat + this.ttlSeconds,
            jti: randomUUID(),
            gen: this.generation,
        };
        const head = b64(JSON.stringify({ alg: "HS256", typ: "JWT" }));
        const body = b64(JSON.stringify(claims));
        return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
    }

    verify(token: string): TokenCheck {
        const parts = token.split(".");
        if (parts.length !== 3) {
            return { ok: false, reason: "malformed" };
        }
        const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
        const given = Buffer.from(parts[2]);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
            return { ok: false, reason: "signature" };
        }
        let claims: TokenClaims;
        try {
            claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
        } catch {
            return { ok: false, reason: "malformed" };
        }
        if (claims.gen !== this.generation) {
            return { ok: false, reason: "revoked" };
        }
        if (this.now() >= claims.exp * 1000) {
            return { ok: false, reason: "expired" };
        }
        return { ok: true, claims };
    }

    expireAll(): void {
        this.generation++;
    }

    private sign(data: string): string {
        return createHmac("sha256", this.secret).update(data).digest("base64url");
    }
}

function b64(s: string): string {
    return Buffer.from(s, "utf8").toString("base64url");
}

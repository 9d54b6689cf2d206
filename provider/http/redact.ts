/**
 * Secret scrubbing for everything the provider writes: error messages, log
 * lines, and any response text echoed back to a person. The registry holds the
 * concrete secret values in use (API password, bearer tokens, SIP passwords)
 * because a pattern alone cannot recognise a password; key-based masking
 * catches secrets we were never told about.
 */
const SECRET_KEY = /pass(word)?|token|secret|authorization|credential/i;
const MIN_SECRET_LENGTH = 4;

export class SecretRegistry {
    private readonly values = new Set<string>();

    add(value: unknown): void {
        if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) {
            this.values.add(value);
        }
    }

    /** Replaces every registered secret (and its URL-encoded form) with "[redacted]". */
    scrub(text: string): string {
        let out = text;
        // Longest first, so a secret that contains another is removed whole.
        const sorted = [...this.values].sort((a, b) => b.length - a.length);
        for (const secret of sorted) {
            for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
                if (form.length > 0) {
                    out = out.split(form).join("[redacted]");
                }
            }
        }
        return out.replace(/Bearer\s+[A-Za-z0-9\-._~+/]+=*/g, "Bearer [redacted]");
    }
}

// Query parameters whose values are credentials, in any API's spelling.
const SECRET_PARAM = "pass(?:word|wd)?|pwd|token|access_token|id_token|refresh_token|secret|client_secret|api_?key|key|auth|authorization|credentials?|sig|signature";
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
const URL_SECRET_PARAM = new RegExp(`([?&;](?:${SECRET_PARAM})=)[^&#\\s"'<>]+`, "gi");

/**
 * Removes credentials from every URL in a text: `https://user:pw@host` and
 * secret-looking query values (`?password=…`, `&token=…`). Used on anything
 * that prints a URL (hints such as "check that … is reachable" included),
 * because settings are where people paste URLs with credentials in them.
 */
export function redactUrls(text: string): string {
    return text.replace(URL_USERINFO, "$1[redacted]@").replace(URL_SECRET_PARAM, "$1[redacted]");
}

/** Deep copy of a JSON value with every secret-looking key masked. */
export function maskSecretKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(maskSecretKeys);
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== "" ? "[redacted]" : maskSecretKeys(v);
        }
        return out;
    }
    return value;
}

/** Collects the values of secret-looking keys so they can be registered. */
export function collectSecretValues(value: unknown, into: (v: string) => void): void {
    if (Array.isArray(value)) {
        value.forEach((v) => collectSecretValues(v, into));
    } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            if (typeof v === "string" && SECRET_KEY.test(k)) {
                into(v);
            } else {
                collectSecretValues(v, into);
            }
        }
    }
}

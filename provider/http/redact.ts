/**
 * Secret scrubbing for everything the provider writes: error messages, log
 * lines, and any response text echoed back to a person. The registry holds the
 * concrete secret values in use (API password, bearer tokens, SIP passwords)
 * because a pattern alone cannot recognise a password; key-based masking
 * catches secrets we were never told about.
 */
const SECRET_KEY = /pass(word)?|token|secret|authorization|credential/i;

/**
 * Secrets of at least this length are scrubbed wherever they occur, even
 * inside other words. Shorter ones are scrubbed only as whole tokens: "ab"
 * removed from every "tab" and "SP1" id would shred ordinary text, yet a
 * short password echoed on its own ("password \"ab\" is too short") must
 * still go. The API's minimum lengths are enforced in check, so a short
 * secret should never reach a request; add() reports it so a caller can
 * refuse it too.
 */
export const MIN_SUBSTRING_SECRET_LENGTH = 4;

const REDACTED = "[redacted]";
// Characters no HTML, JSON or URL encoder escapes: a secret made only of
// these (a JWT, a hex token) can only appear literally.
const NEVER_ESCAPED = /^[A-Za-z0-9._~-]$/;

interface Entry {
    value: string;
    /** Matches the escaped forms; absent when the value has no character an encoder would escape. */
    escaped?: RegExp;
    /** A run of never-escaped characters every escaped form still contains literally: a cheap pre-check. */
    anchor?: string;
}

export class SecretRegistry {
    private readonly values = new Set<string>();
    // Longest first, so a secret that contains another is removed whole. Kept
    // sorted as secrets are added (binary insertion), never sorted per scrub;
    // each secret's escape pattern is compiled once, when added.
    private readonly sorted: Entry[] = [];
    private readonly shortValues: string[] = [];
    private short: RegExp | undefined;

    /**
     * Registers a secret value. Returns false when it is too short to be
     * scrubbed inside other text (it is then scrubbed as a whole token only).
     */
    add(value: unknown): boolean {
        if (typeof value !== "string" || value.length === 0) {
            return false;
        }
        if (!this.values.has(value)) {
            this.values.add(value);
            if (value.length < MIN_SUBSTRING_SECRET_LENGTH) {
                this.shortValues.push(value);
                // A short secret counts only between characters that cannot be part of the same word.
                this.short = new RegExp(`(^|[^A-Za-z0-9])(?:${[...this.shortValues].sort((a, b) => b.length - a.length).map(escapeRegex).join("|")})(?![A-Za-z0-9])`, "g");
            } else {
                this.insert(entryFor(value));
            }
        }
        return value.length >= MIN_SUBSTRING_SECRET_LENGTH;
    }

    get size(): number {
        return this.values.size;
    }

    /**
     * Replaces every registered secret with "[redacted]": as written, and as
     * an HTML page, a JSON string or a URL would escape it (`&amp;`, `&#39;`,
     * `\u0027`, `%27`, `+`). Also removes bearer/basic credentials and
     * credentials in URLs (`https://user:pw@host`, `?password=`).
     */
    scrub(text: string): string {
        let out = text;
        const mayBeEscaped = /[&\\%+]/.test(out);
        for (const e of this.sorted) {
            if (out.includes(e.value)) {
                out = out.split(e.value).join(REDACTED);
            }
            if (e.escaped && mayBeEscaped && (e.anchor === undefined || out.includes(e.anchor))) {
                out = out.replace(e.escaped, REDACTED);
            }
        }
        if (this.short) {
            out = out.replace(this.short, (_m, pre: string) => pre + REDACTED);
        }
        out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`);
        return redactUrls(out);
    }

    private insert(entry: Entry): void {
        let lo = 0;
        let hi = this.sorted.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.sorted[mid].value.length >= entry.value.length) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        this.sorted.splice(lo, 0, entry);
    }
}

function entryFor(value: string): Entry {
    const chars = [...value];
    if (chars.every((c) => NEVER_ESCAPED.test(c))) {
        return { value };
    }
    const runs = value.split(/[^A-Za-z0-9._~-]+/).filter((r) => r.length >= 3);
    const anchor = runs.sort((a, b) => b.length - a.length)[0];
    return { value, escaped: new RegExp(escapedPattern(value), "g"), anchor };
}

function escapeRegex(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Hex digits of n, each letter matching either case: 3c -> 3[cC]. */
function hexPattern(n: number, width: number): string {
    return n
        .toString(16)
        .padStart(width, "0")
        .replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
}

const NAMED_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", " ": "&nbsp;" };
const JSON_SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A pattern matching one secret however an encoder wrote each character:
 * literally, as an HTML entity (named, decimal or hex), as a JSON escape
 * (\uXXXX or the short forms), or URL-encoded (%XX per UTF-8 byte, + for a
 * space). Characters that no encoder escapes match only literally.
 */
export function escapedPattern(secret: string): string {
    let out = "";
    for (const ch of secret) {
        if (NEVER_ESCAPED.test(ch)) {
            out += escapeRegex(ch);
            continue;
        }
        const cp = ch.codePointAt(0)!;
        const forms = [escapeRegex(ch), `&#0*${cp};`, `&#[xX]0*${hexPattern(cp, 1)};`];
        if (NAMED_ENTITY[ch]) {
            forms.push(escapeRegex(NAMED_ENTITY[ch]));
        }
        if (JSON_SHORT[ch]) {
            forms.push(escapeRegex(JSON_SHORT[ch]));
        }
        if (cp <= 0xffff) {
            forms.push(`\\\\u${hexPattern(cp, 4)}`);
        } else {
            const hi = Math.floor((cp - 0x10000) / 0x400) + 0xd800;
            const lo = ((cp - 0x10000) % 0x400) + 0xdc00;
            forms.push(`\\\\u${hexPattern(hi, 4)}\\\\u${hexPattern(lo, 4)}`);
        }
        forms.push(
            [...Buffer.from(ch, "utf8")].map((b) => `%${hexPattern(b, 2)}`).join(""),
        );
        if (ch === " ") {
            forms.push("\\+");
        }
        out += `(?:${forms.join("|")})`;
    }
    return out;
}

// Query parameters whose values are credentials, in any API's spelling.
const SECRET_PARAM = "pass(?:word|wd)?|pwd|token|access_token|id_token|refresh_token|secret|client_secret|api_?key|key|auth|authorization|credentials?|sig|signature";
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
// A value already "[redacted]" is left alone: scrubbing a message twice must not eat what follows it.
const URL_SECRET_PARAM = new RegExp(`([?&;](?:${SECRET_PARAM})=)(?!\\[redacted\\])[^&;#\\s"'<>]+`, "gi");

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

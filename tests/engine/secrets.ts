import * as crypto from "crypto";
import { SECRET_SIG, SIG_KEY, isSecret, makeSecret } from "./values";

/**
 * Secret values in the checkpoint are stored as Pulumi stores them: the value
 * replaced by `{ [SIG_KEY]: SECRET_SIG, ciphertext }`, wherever it sits in the
 * property tree. The cipher is AES-256-GCM under a key derived from a
 * passphrase (like the passphrase secrets provider; not its exact format).
 */
export class StateCrypter {
    private readonly key: Buffer;

    constructor(passphrase: string) {
        this.key = crypto.scryptSync(passphrase, "pulumi-trunking-test-engine", 32);
    }

    private seal(value: unknown): Record<string, string> {
        const iv = crypto.randomBytes(12);
        const c = crypto.createCipheriv("aes-256-gcm", this.key, iv);
        const body = Buffer.concat([c.update(JSON.stringify(value ?? null), "utf8"), c.final()]);
        return { [SIG_KEY]: SECRET_SIG, ciphertext: Buffer.concat([iv, c.getAuthTag(), body]).toString("base64") };
    }

    private open(ciphertext: string): unknown {
        const raw = Buffer.from(ciphertext, "base64");
        const d = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
        d.setAuthTag(raw.subarray(12, 28));
        return JSON.parse(Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8"));
    }

    /** Engine values → checkpoint values: every secret encrypted. */
    encrypt(v: unknown): unknown {
        if (isSecret(v)) {
            // A secret inside a secret is one secret; its inner plain form is sealed.
            return this.seal(this.encryptInner(v.value));
        }
        if (Array.isArray(v)) {
            return v.map((x) => this.encrypt(x));
        }
        if (v !== null && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.encrypt(x)]));
        }
        return v;
    }

    private encryptInner(v: unknown): unknown {
        if (isSecret(v)) {
            return this.encryptInner(v.value);
        }
        if (Array.isArray(v)) {
            return v.map((x) => this.encryptInner(x));
        }
        if (v !== null && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.encryptInner(x)]));
        }
        return v;
    }

    /** Checkpoint values → engine values: every ciphertext back to a secret. */
    decrypt(v: unknown): unknown {
        if (Array.isArray(v)) {
            return v.map((x) => this.decrypt(x));
        }
        if (v !== null && typeof v === "object") {
            const o = v as Record<string, unknown>;
            if (o[SIG_KEY] === SECRET_SIG && typeof o.ciphertext === "string") {
                return makeSecret(this.open(o.ciphertext));
            }
            return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, this.decrypt(x)]));
        }
        return v;
    }
}

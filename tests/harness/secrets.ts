import * as crypto from "crypto";

/** Pulumi's marker for a secret value in serialized properties and in state files. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Secret values in the harness's state file are stored the way Pulumi's
 * state stores them: under the secret signature, encrypted (AES-256-GCM with a
 * key derived from a passphrase, like the passphrase secrets provider).
 */
export class StateCrypter {
    private readonly key: Buffer;

    constructor(passphrase: string) {
        this.key = crypto.scryptSync(passphrase, "pulumi-trunking-harness", 32);
    }

    seal(value: unknown): Record<string, string> {
        const iv = crypto.randomBytes(12);
        const c = crypto.createCipheriv("aes-256-gcm", this.key, iv);
        const body = Buffer.concat([c.update(JSON.stringify(value), "utf8"), c.final()]);
        return { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: Buffer.concat([iv, c.getAuthTag(), body]).toString("base64") };
    }

    open(sealed: Record<string, string>): unknown {
        const raw = Buffer.from(sealed.ciphertext, "base64");
        const d = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
        d.setAuthTag(raw.subarray(12, 28));
        return JSON.parse(Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8"));
    }

    /** Seals the given top-level keys of an object. */
    sealKeys(obj: Record<string, unknown>, keys: Iterable<string>): Record<string, unknown> {
        const out = { ...obj };
        for (const k of keys) {
            if (out[k] !== undefined && out[k] !== null) {
                out[k] = this.seal(out[k]);
            }
        }
        return out;
    }

    /** Opens every sealed top-level value; returns the plain object and the keys that were secret. */
    openAll(obj: Record<string, unknown>): { plain: Record<string, unknown>; secretKeys: string[] } {
        const plain: Record<string, unknown> = {};
        const secretKeys: string[] = [];
        for (const [k, v] of Object.entries(obj ?? {})) {
            if (v && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) {
                plain[k] = this.open(v as Record<string, string>);
                secretKeys.push(k);
            } else {
                plain[k] = v;
            }
        }
        return { plain, secretKeys };
    }
}

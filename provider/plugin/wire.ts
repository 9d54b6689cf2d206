/**
 * Values as the engine sends them to a plugin that accepts secrets (the
 * Node.js provider server answers Configure with acceptSecrets: true, and
 * hands the handlers the protobuf Struct as plain JSON): a secret is the
 * object {SECRET_SIG: SECRET_VALUE, value}, a value unknown at preview is the
 * UNKNOWN string, an output value (never sent to these methods here, but
 * allowed by the protocol) is {SECRET_SIG: OUTPUT_VALUE, value?, secret?}.
 * Constants from sdk/go/common/resource/sig and plugin/rpc.go.
 *
 * The handlers the dynamic provider runs get plain values (its host
 * declines secrets, so the engine strips them and marks outputs secret by
 * name). Here the plugin does what the engine did: unwrap going in,
 * remember which top-level properties were secret, and wrap them again,
 * with every field the table declares secret, going out.
 */
import { UNKNOWN } from "../kit/schema";

export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const OUTPUT_VALUE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

type Props = Record<string, unknown>;

export interface Unwrapped {
    /** The properties with every secret unwrapped (unknown output values as UNKNOWN). */
    value: Props;
    /** Top-level properties that were, or held, a secret. */
    secretKeys: Set<string>;
    /** Every string that was inside a secret, to scrub from what the plugin writes. */
    secretStrings: string[];
}

function isSig(v: unknown, sig: string): v is Props {
    return v !== null && typeof v === "object" && !Array.isArray(v) && (v as Props)[SECRET_SIG] === sig;
}

/** Unwraps every secret (at any depth) of a property map, noting which top-level properties held one. */
export function unwrap(props: unknown): Unwrapped {
    const secretKeys = new Set<string>();
    const secretStrings: string[] = [];
    const collect = (v: unknown): void => {
        if (typeof v === "string") {
            secretStrings.push(v);
        } else if (Array.isArray(v)) {
            v.forEach(collect);
        } else if (v && typeof v === "object") {
            Object.values(v).forEach(collect);
        }
    };
    const walk = (v: unknown, mark: () => void): unknown => {
        if (isSig(v, SECRET_VALUE)) {
            mark();
            const inner = walk(v.value, mark);
            collect(inner);
            return inner;
        }
        if (isSig(v, OUTPUT_VALUE)) {
            if (v.secret === true) {
                mark();
            }
            const inner = "value" in v ? walk(v.value, mark) : UNKNOWN;
            if (v.secret === true) {
                collect(inner);
            }
            return inner;
        }
        if (Array.isArray(v)) {
            return v.map((x) => walk(x, mark));
        }
        if (v && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, mark)]));
        }
        return v;
    };
    const value: Props = {};
    for (const [k, v] of Object.entries(props && typeof props === "object" ? (props as Props) : {})) {
        value[k] = walk(v, () => secretKeys.add(k));
    }
    return { value, secretKeys, secretStrings };
}

/** A secret in the engine's wire form. */
export function secret(value: unknown): Props {
    return { [SECRET_SIG]: SECRET_VALUE, value };
}

/**
 * A property map for the engine: these top-level properties wrapped as
 * secrets (where present), and nothing a protobuf Struct refuses (undefined
 * is dropped, as JSON drops it).
 */
export function withSecrets(props: Props | undefined, keys: Iterable<string>): Props {
    const out = JSON.parse(JSON.stringify(props ?? {})) as Props;
    for (const k of keys) {
        if (Object.prototype.hasOwnProperty.call(out, k) && !isSig(out[k], SECRET_VALUE)) {
            out[k] = secret(out[k]);
        }
    }
    return out;
}

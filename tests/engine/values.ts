/**
 * Property values as the engine holds them between the program, the provider
 * host and the checkpoint. The wire form is kept as the engine's in-memory
 * form so nothing is lost in translation:
 *   - a secret is `{ [SIG_KEY]: SECRET_SIG, value }` (what the SDK sends when the
 *     monitor supports secrets, and what the engine sends back when the SDK accepts them);
 *   - an unknown is the string sentinel UNKNOWN (the SDK sends it; the engine keeps it
 *     in preview and sends it to Check as the same string);
 *   - a resource reference is `{ [SIG_KEY]: RESOURCE_SIG, urn, id? }`.
 * Engine source locations are at pulumi/pulumi commit ENGINE_COMMIT (see README.md).
 */

export type PropertyMap = Record<string, unknown>;

/** Key that marks a special value (sdk/go/common/resource/sig/sig.go). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** UnknownStringValue, sdk/go/common/resource/plugin/rpc.go:73 (the SDK's `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export function isSecret(v: unknown): v is { value: unknown } {
    return isObj(v) && v[SIG_KEY] === SECRET_SIG;
}

export function isResourceRef(v: unknown): v is { urn: string; id?: string } {
    return isObj(v) && v[SIG_KEY] === RESOURCE_SIG;
}

export function makeSecret(v: unknown): Obj {
    return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

export function containsSecrets(v: unknown): boolean {
    if (isSecret(v)) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsSecrets);
    }
    return isObj(v) && Object.values(v).some(containsSecrets);
}

export function containsUnknowns(v: unknown): boolean {
    if (isUnknown(v)) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsUnknowns);
    }
    return isObj(v) && Object.values(v).some(containsUnknowns);
}

/** Maps every non-special object, array and leaf; special values go to `special`. */
function mapDeep(v: unknown, special: (v: Obj) => unknown): unknown {
    if (Array.isArray(v)) {
        return v.map((x) => mapDeep(x, special));
    }
    if (isObj(v)) {
        if (typeof v[SIG_KEY] === "string") {
            return special(v);
        }
        const out: Obj = {};
        for (const [k, x] of Object.entries(v)) {
            out[k] = mapDeep(x, special);
        }
        return out;
    }
    return v;
}

/**
 * What the engine does to a RegisterResource's properties before it uses them:
 * output values become plain, unknown or secret values (downgradeOutputValues,
 * pkg/resource/deploy/source_eval.go:3422); secrets and resource references are kept.
 */
export function fromProgram(v: unknown): unknown {
    return mapDeep(v, (o) => {
        if (o[SIG_KEY] === OUTPUT_SIG) {
            const known = "value" in o;
            const inner = known ? fromProgram(o.value) : UNKNOWN;
            return o.secret === true ? makeSecret(inner) : inner;
        }
        if (o[SIG_KEY] === SECRET_SIG) {
            return makeSecret(fromProgram(o.value));
        }
        return o;
    });
}

/**
 * Marshalling for a provider that answered Configure with acceptSecrets and
 * acceptResources false (the dynamic host): secrets go as their plain value
 * (rpc.go:229-236), a resource reference as its id, or its URN when it has none.
 * Unknowns stay the sentinel string only where the engine keeps unknowns.
 */
export function forProvider(v: unknown): unknown {
    return mapDeep(v, (o) => {
        if (o[SIG_KEY] === SECRET_SIG) {
            return forProvider(o.value);
        }
        if (o[SIG_KEY] === RESOURCE_SIG) {
            return typeof o.id === "string" && o.id !== "" ? o.id : o.urn;
        }
        return o;
    });
}

/** The plain value with every secret unwrapped (for assertions and summaries). */
export function plain(v: unknown): unknown {
    return forProvider(v);
}

export function plainMap(m: PropertyMap | undefined): PropertyMap {
    return (plain(m ?? {}) as PropertyMap) ?? {};
}

/**
 * Re-marks as secret every output whose input of the same name held a secret,
 * because the provider could not be given secrets (annotateSecrets,
 * sdk/go/common/resource/plugin/provider_plugin.go:913-929).
 */
export function annotateSecrets(outs: PropertyMap | undefined, ins: PropertyMap | undefined): void {
    if (!outs || !ins) {
        return;
    }
    for (const [k, inValue] of Object.entries(ins)) {
        if (!(k in outs)) {
            continue;
        }
        const outValue = outs[k];
        if (isObj(outValue) && isObj(inValue) && typeof outValue[SIG_KEY] !== "string" && typeof inValue[SIG_KEY] !== "string") {
            annotateSecrets(outValue, inValue);
        } else if (!isSecret(outValue) && containsSecrets(inValue)) {
            outs[k] = makeSecret(outValue);
        }
    }
}

/** A value that is absent or null: PropertyValue.HasValue() is false for both. */
const hasValue = (v: unknown) => v !== undefined && v !== null;

/**
 * Whether two property maps differ, as PropertyMap.Diff answers it with
 * secrets unwrapped (step_generator.go:2997-2998): a null and a missing key
 * are the same; an unknown new value is a change.
 */
export function inputsDiffer(olds: PropertyMap, news: PropertyMap): boolean {
    const a = plain(olds) as Obj;
    const b = plain(news) as Obj;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
        if (!hasValue(a[k]) && !hasValue(b[k])) {
            continue;
        }
        if (!deepEqual(a[k], b[k])) {
            return true;
        }
    }
    return false;
}

export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isObj(a) && isObj(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((k) => deepEqual(a[k], b[k]));
    }
    return false;
}

/** A JSON-safe deep copy (the engine never shares maps between states). */
export function copy<T>(v: T): T {
    return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/**
 * Parses a property path of the forms the engine accepts for ignoreChanges:
 * `a`, `a.b`, `a[0]`, `a["b.c"]` (ParsePropertyPath,
 * sdk/go/common/resource/properties_path.go). Wildcards are not modelled.
 */
export function parsePropertyPath(path: string): Array<string | number> {
    const out: Array<string | number> = [];
    let i = 0;
    const ident = /^[^.[\]]+/;
    while (i < path.length) {
        if (path[i] === ".") {
            i++;
            continue;
        }
        if (path[i] === "[") {
            const close = path.indexOf("]", i);
            if (close < 0) {
                throw new Error(`invalid property path ${path}`);
            }
            const inner = path.slice(i + 1, close);
            if (/^\d+$/.test(inner)) {
                out.push(Number(inner));
            } else if (/^".*"$/.test(inner)) {
                out.push(inner.slice(1, -1).replace(/\\"/g, '"'));
            } else if (inner === "*") {
                throw new Error(`the test engine does not model wildcard ignoreChanges paths (${path})`);
            } else {
                throw new Error(`invalid property path ${path}`);
            }
            i = close + 1;
            continue;
        }
        const m = ident.exec(path.slice(i))!;
        if (m[0] === "*") {
            throw new Error(`the test engine does not model wildcard ignoreChanges paths (${path})`);
        }
        out.push(m[0]);
        i += m[0].length;
    }
    return out;
}

/**
 * processIgnoreChanges (step_generator.go:3076-3096) with PropertyPath.Reset
 * (properties_path.go:574): each ignored path of the NEW inputs is set to the
 * OLD INPUT value at that path, or removed when the old inputs lack it. The
 * live value on the server plays no part. Returns the paths that could not be
 * reset (the engine reports them as an info diagnostic).
 */
export function processIgnoreChanges(inputs: PropertyMap, oldInputs: PropertyMap, ignoreChanges: string[]): { inputs: PropertyMap; invalid: string[] } {
    const result = copy(inputs);
    const invalid: string[] = [];
    for (const raw of ignoreChanges) {
        let path: Array<string | number>;
        try {
            path = parsePropertyPath(raw);
        } catch (e) {
            if (/wildcard/.test((e as Error).message)) {
                throw e;
            }
            continue; // the engine skips paths it cannot parse
        }
        if (!resetPath(path, oldInputs, result)) {
            invalid.push(raw);
        }
    }
    return { inputs: result, invalid };
}

function resetPath(path: Array<string | number>, old: unknown, neu: unknown, oldSecret = false, newSecret = false): boolean {
    if (isSecret(old)) {
        return resetPath(path, old.value, neu, true, newSecret);
    }
    if (isSecret(neu)) {
        return resetPath(path, old, neu.value, oldSecret, true);
    }
    const [key, ...rest] = path;
    if (typeof key === "number") {
        if (!Array.isArray(old) || !Array.isArray(neu) || key >= old.length || key >= neu.length) {
            return !Array.isArray(old) && !Array.isArray(neu);
        }
        if (rest.length === 0) {
            neu[key] = oldSecret && !newSecret ? makeSecret(old[key]) : copy(old[key]);
            return true;
        }
        return resetPath(rest, old[key], neu[key], oldSecret, newSecret);
    }
    if (rest.length === 0) {
        const has = isObj(old) && key in old;
        if (has) {
            if (!isObj(neu)) {
                return false;
            }
            const v = copy(old[key]);
            neu[key] = oldSecret && !newSecret ? makeSecret(v) : v;
        } else if (isObj(neu)) {
            delete neu[key];
        }
        return true;
    }
    if (!isObj(old) || !isObj(neu)) {
        return !isObj(old) && !isObj(neu);
    }
    const hasOld = key in old;
    const hasNew = key in neu;
    if (hasOld && !hasNew) {
        return false;
    }
    if (!hasOld && !hasNew) {
        return true;
    }
    return resetPath(rest, old[key], neu[key], oldSecret, newSecret);
}

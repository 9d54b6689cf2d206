import type { Logger } from "../http/transport";
import { sameValue } from "./diff";
import { FieldSpec, ResourceSchema, fieldNames, isSet, isUnknown, ownValue } from "./schema";

/**
 * Taking over an object that already exists, inside create.
 *
 * The Pulumi engine cannot import a dynamic-provider resource: its import
 * sends Read(id) without the `__provider` property, so the host cannot load
 * the provider (pulumi/pulumi#16175). Adoption therefore has to happen where
 * the engine does reach us: in Create. A resource opts in with the input
 * `adoptExisting`, or a whole stack with the config key `<tag>:adoptExisting`.
 * The input is the kit's, like `__provider`: check validates it, it is never
 * sent to an API, and diff never sees it, so setting, changing or removing it
 * on a resource that exists shows no change.
 */

/** The input that opts a resource into adoption. */
export const ADOPT_INPUT = "adoptExisting";

/**
 * What a program may set: `true` adopts only an object that already has every
 * declared value; `"apply"` adopts and applies the program's values with one
 * update; `{ id }` (resources whose schema has `adoption.byId`) names the object
 * instead of finding it by its identity fields.
 */
export type AdoptSetting = boolean | "apply" | { id: string; apply?: boolean };

export type AdoptMode = "match" | "apply";

export interface Adoption {
    mode: AdoptMode;
    /** The object to take over, when the program names it. */
    id?: string;
}

const ALLOWED = 'true, false or "apply"';

/** Why a value of `adoptExisting` is not allowed, or undefined. Unknown values (preview) are not judged. */
export function adoptSettingProblem<T>(schema: ResourceSchema<T>, value: unknown): string | undefined {
    if (value === true || value === false || value === "apply" || isUnknown(value)) {
        return undefined;
    }
    const byId = schema.adoption?.byId;
    const allowed = byId ? `${ALLOWED}, or { id: "<${byId}>", apply?: true }` : ALLOWED;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        if (!byId) {
            return `${ADOPT_INPUT} must be ${allowed}: a ${schema.title} is found by its ${findsBy(schema)}, not by an id`;
        }
        const o = value as Record<string, unknown>;
        const extra = Object.keys(o).filter((k) => k !== "id" && k !== "apply");
        if (extra.length > 0) {
            return `${ADOPT_INPUT}.${extra[0]} is not allowed (allowed: id, apply)`;
        }
        if (!isUnknown(o.id) && (typeof o.id !== "string" || o.id.trim() === "")) {
            return `${ADOPT_INPUT}.id must be ${byId}, a non-empty string`;
        }
        if (o.apply !== undefined && typeof o.apply !== "boolean" && !isUnknown(o.apply)) {
            return `${ADOPT_INPUT}.apply must be true or false`;
        }
        return undefined;
    }
    return `${ADOPT_INPUT} must be ${allowed}, got ${JSON.stringify(value) ?? String(value)}`;
}

/**
 * The adoption a create must attempt, or undefined: the resource's own input
 * wins (false switches it off), else the stack config `<tag>:adoptExisting`.
 * A config value that is not allowed is an error naming the key, raised before
 * any API call.
 */
export function adoptionOf(props: Readonly<Record<string, unknown>>, tag: string, setting: (key: string) => unknown): Adoption | undefined {
    const own = ownValue(props, ADOPT_INPUT);
    if (own !== undefined && own !== null) {
        if (own === false) {
            return undefined;
        }
        if (own === true) {
            return { mode: "match" };
        }
        if (own === "apply") {
            return { mode: "apply" };
        }
        if (typeof own === "object" && typeof (own as { id?: unknown }).id === "string") {
            const o = own as { id: string; apply?: boolean };
            return { mode: o.apply === true ? "apply" : "match", id: o.id };
        }
        // check refused anything else; a create without check must not guess.
        throw new Error(`${ADOPT_INPUT} has a value check does not allow; run \`pulumi preview\` to see what check reports`);
    }
    const key = configKey(tag);
    const raw = setting(key);
    if (raw === undefined || raw === null || raw === "") {
        return undefined;
    }
    const text = String(raw).trim().toLowerCase();
    if (text === "true") {
        return { mode: "match" };
    }
    if (text === "apply") {
        return { mode: "apply" };
    }
    if (text === "false") {
        return undefined;
    }
    throw new Error(`stack config ${key} must be true, false or apply, got ${JSON.stringify(String(raw))}; fix it with \`pulumi config set ${key} true\``);
}

export function configKey(tag: string): string {
    return `${tag}:${ADOPT_INPUT}`;
}

/** The one line that lets a create take over what already exists; said wherever "already exists" is. */
export function adoptInstruction(tag: string, title: string): string {
    return (
        `To take it over, add \`${ADOPT_INPUT}: true\` to this ${title}'s arguments ` +
        `(or, for every ${title} of the stack, run \`pulumi config set ${configKey(tag)} true\`), then run \`pulumi up\` again. ` +
        "(The `import` resource option cannot work here: the Pulumi engine cannot import a dynamic-provider resource, pulumi/pulumi#16175.)"
    );
}

/** One declared field whose value on the server is another. */
export interface FieldDifference {
    field: string;
    /** The server's value, brought to the program's form (absent = null). */
    have: unknown;
    want: unknown;
}

/**
 * The fields in which an existing object differs from what the program
 * declares: every declared field is compared, a field the server leaves out
 * counts as "not set" (so a declared value it lacks is a difference). Only
 * sub-keys of an object the server does not report are not judged (an access
 * device answered without its owner), and write-only fields cannot be.
 */
export function adoptionDifferences<T>(schema: ResourceSchema<T>, declared: object, reported: object): FieldDifference[] {
    const hooks = schema.hooks ?? {};
    const out: FieldDifference[] = [];
    for (const key of fieldNames(schema)) {
        const spec = schema.fields[key] as FieldSpec;
        const want = ownValue(declared, key);
        if (want === undefined || spec.writeOnly) {
            continue;
        }
        const have = ownValue(reported, key);
        const comparable = isPlain(want) && isPlain(have) ? Object.fromEntries(Object.keys(want).filter((k) => have[k] !== undefined).map((k) => [k, want[k]])) : want;
        if (!sameValue(spec, key, have, comparable, hooks)) {
            const shown = hooks.normalize ? hooks.normalize(key, have ?? null, spec) : have;
            out.push({ field: key, have: shown ?? null, want });
        }
    }
    return out;
}

/** The write-only secrets the program declares: the API never returns them, so they cannot be compared. */
export function unreadableSecrets<T>(schema: ResourceSchema<T>, declared: object): string[] {
    return fieldNames(schema).filter((k) => schema.fields[k].writeOnly && schema.fields[k].secret && isSet(ownValue(declared, k)));
}

export interface AdoptSteps<T, Found> {
    schema: ResourceSchema<T>;
    /** The object in messages: `Trunk group "PBX A" in group G1 of SP1`. */
    what: string;
    /** What a create would send (typed inputs; fields that do not apply left out). */
    declared: Partial<T>;
    /** By identity, or by the id the program named. */
    find(id: string | undefined): Promise<Found | undefined>;
    /** The server's values of the input fields, keyed like the inputs. */
    reported(found: Found): object;
    /**
     * One update that applies these fields and every write-only secret the
     * program declares; only in the applying mode.
     */
    apply(found: Found, fields: (keyof T & string)[]): Promise<void>;
    log: Logger;
}

export interface Adopted<Found> {
    found: Found;
    /** Whether an update was sent. */
    updated: boolean;
    /** Write-only secrets the object may not have: not compared, not sent. Outputs record them as declared, so a later change in the program is sent. */
    unverified: string[];
}

/**
 * Takes over an existing object, or answers undefined when there is none to
 * take (the caller then creates it). In the default mode the object must
 * already have every declared value; any difference fails here, before a
 * single write, naming each field with both values. In the applying mode the
 * differences and the declared secrets go out in one update. A field the API
 * cannot change in place is refused in both modes.
 */
export async function adoptExisting<T, Found>(adoption: Adoption, steps: AdoptSteps<T, Found>): Promise<Adopted<Found> | undefined> {
    const found = await steps.find(adoption.id);
    if (found === undefined) {
        if (adoption.id !== undefined) {
            throw new Error(
                `${ADOPT_INPUT}: there is no ${steps.schema.title} with id ${JSON.stringify(adoption.id)} to adopt, so nothing was created or changed. ` +
                    `Fix the id, or remove it (${ADOPT_INPUT}: true finds it by its ${findsBy(steps.schema)}).`,
            );
        }
        return undefined;
    }
    const differences = adoptionDifferences(steps.schema, steps.declared, steps.reported(found));
    const secrets = unreadableSecrets(steps.schema, steps.declared);
    const api = steps.schema.api;
    if (adoption.mode === "match") {
        if (differences.length > 0) {
            throw new Error(
                `${steps.what} already exists but differs from the program, so it was not adopted and nothing was changed:\n` +
                    differences.map((d) => `  - ${describeDifference(steps.schema, api, d)}\n`).join("") +
                    `Declare the values it has today (\`trunking-discover\` writes them), or set ${ADOPT_INPUT}: "apply" to give it the program's values with one update.` +
                    (secrets.length > 0 ? ` ${unreadableNote(api, secrets)}` : ""),
            );
        }
        if (secrets.length > 0) {
            steps.log("warn", `${steps.what}: adopted as it is. ${unreadableNote(api, secrets)}`);
        }
        return { found, updated: false, unverified: secrets };
    }
    const fixed = differences.filter((d) => steps.schema.fields[d.field as keyof T & string]?.replaceOnChange);
    if (fixed.length > 0) {
        throw new Error(
            `${steps.what} already exists, but ${api} cannot change ${fixed.map((d) => d.field).join(", ")} in place, so it was not adopted and nothing was changed:\n` +
                fixed.map((d) => `  - ${describeDifference(steps.schema, api, d)}\n`).join("") +
                "Declare the values it has today, or delete it first and let `pulumi up` create it.",
        );
    }
    const fields = differences.map((d) => d.field as keyof T & string);
    if (fields.length === 0 && secrets.length === 0) {
        return { found, updated: false, unverified: [] };
    }
    steps.log("info", `${steps.what}: adopting it and applying ${[...fields, ...secrets].join(", ")} in one update`);
    await steps.apply(found, fields);
    return { found, updated: true, unverified: [] };
}

/** `maxActiveCalls: BroadWorks has 30, the program declares 25` */
export function describeDifference<T>(schema: ResourceSchema<T>, api: string, d: FieldDifference): string {
    const spec = schema.fields[d.field as keyof T & string] as FieldSpec | undefined;
    if (spec?.secret) {
        return `${d.field}: differs (secret, not shown)`;
    }
    const defaulted = spec?.createDefault !== undefined && d.want === spec.createDefault ? ` (the value ${schema.title} fills in when the field is left out)` : "";
    return `${d.field}: ${api} has ${show(d.have)}, the program declares ${show(d.want)}${defaulted}`;
}

function unreadableNote(api: string, secrets: string[]): string {
    const one = secrets.length === 1;
    return (
        `${secrets.join(", ")} cannot be read from ${api}, so ${one ? "it was" : "they were"} not compared and ${one ? "is" : "are"} not sent: ` +
        `the object keeps ${one ? "its" : "their"} current value until the program changes ${one ? "it" : "them"}, or set ${ADOPT_INPUT}: "apply" to send ${one ? "it" : "them"} now.`
    );
}

function show(v: unknown): string {
    return v === null || v === undefined ? "no value" : (JSON.stringify(v) ?? String(v));
}

/** How an object is found for adoption, in words: the schema's, else its identity fields. */
function findsBy<T>(schema: ResourceSchema<T>): string {
    return (
        schema.adoption?.findsBy ??
        fieldNames(schema)
            .filter((k) => schema.fields[k].identity)
            .join(", ")
    );
}

function isPlain(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

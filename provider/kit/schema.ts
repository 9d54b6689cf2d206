/**
 * One field table per resource drives its validation, its plans and its
 * request bodies, the way a Terraform plugin-framework resource declares its
 * Schema() once and lets the framework derive the rest. Every list a resource
 * needs (identity keys, required fields, write-only fields, outputs, fields
 * that only apply under a condition) is derived from the flags here, never
 * typed out again.
 */

export type FieldKind = "string" | "integer" | "boolean" | "enum" | "object" | "list";

/** A field that only applies, or is only required, while another field has one value. */
export interface Condition {
    field: string;
    is: string | number | boolean;
}

export interface FieldSpec {
    kind: FieldKind;
    /** What a valid value is, in words, for "is required" messages; derived from kind and bounds when absent. */
    description?: string;
    required?: boolean;
    /** Part of the resource's identity: the id is built from these, and they address it on the API. */
    identity?: boolean;
    /** The API cannot change it in place, so a change means a new object. */
    replaceOnChange?: boolean;
    /**
     * The API never returns it (a password, a query parameter). Outputs keep the
     * value last sent, and a diff against outputs that lack it claims no change.
     */
    writeOnly?: boolean;
    /**
     * The API wants it in every update (Webex's trunk password). Then a
     * write-only value the outputs lack IS a change: the update sends it and
     * the outputs hold it from then on. Claiming no change instead would hide
     * every later change of it.
     */
    sentOnEveryUpdate?: boolean;
    /** Never shown in a message, kept secret in state. */
    secret?: boolean;
    /** The API may answer it in another case (host names, some enums): case is no change. */
    caseInsensitive?: boolean;
    /** Accepts null, which clears the value on the server. Elsewhere null means "not set". */
    nullable?: boolean;
    /** Inclusive bounds: the value for integers, the length for strings, the number of items for lists. */
    min?: number;
    max?: number;
    values?: readonly string[];
    /** Text constraint beyond length, with the words to explain it. */
    pattern?: { re: RegExp; description: string };
    /** Sub-fields of an object value. */
    fields?: Readonly<Record<string, FieldSpec>>;
    /** What each item of a list is (a list is compared whole, item by item, in order). */
    items?: FieldSpec;
    /** The value sent when the program leaves the field out. */
    createDefault?: string | number | boolean;
    /** What removing the field from the program resets it to; absent: the server keeps its value. */
    resetTo?: string | number | boolean | null;
    requiredWhen?: Condition;
    /** Refused while the condition does not hold, and never sent then. */
    onlyWhen?: Condition;
    /**
     * Where the field applies, leaving it out is itself a setting, not "let the
     * API choose" (a certificate-based Webex trunk without a port is addressed
     * by DNS SRV): an object that has a value differs from a program without one,
     * and a value the API does not report is absent, never the one last sent.
     */
    unsetIsValue?: boolean;
    /** Another integer field this one may not exceed. */
    atMost?: string;
}

/** The kind a TypeScript property type calls for, so a table cannot drift from the wire types it describes. */
type KindFor<V> = [V] extends [readonly unknown[]] ? "list" : [V] extends [boolean] ? "boolean" : [V] extends [number] ? "integer" : [V] extends [string] ? "string" | "enum" : "object";

/** A spec for every key of T and no other, each of the kind T's type calls for. */
export type FieldTable<T> = { readonly [K in keyof T]-?: FieldSpec & { kind: KindFor<NonNullable<T[K]>> } };

/** A read-only output: what an answer must hold there, when it holds anything. */
export interface OutputSpec {
    /** "any": the API answers it in more than one shape, so it is not judged. */
    kind: FieldKind | "any";
    /** Sub-fields of an object output; `required` ones must be in every answer that has the object. */
    fields?: Readonly<Record<string, FieldSpec>>;
}

type OutputKindFor<V> = KindFor<V>;

/** A spec for every output of O and no other, each of the kind O's type calls for. */
export type OutputTable<O> = { readonly [K in keyof O]-?: OutputSpec & { kind: OutputKindFor<NonNullable<O[K]>> | "any" } };

/** What a resource adds to the generic check: only what its API demands beyond the field table. */
export interface CheckRules {
    /**
     * A rule for one value that already has the right type (and, for text, is
     * not empty); runs before the bounds. Returns the whole message, or undefined.
     */
    value?(label: string, value: unknown, spec: FieldSpec): string | undefined;
    /** Rules across fields, on the checked inputs (defaults applied, unknown values still in). */
    across?(inputs: Readonly<Record<string, unknown>>): { property: string; reason: string }[];
}

/** What a resource adds to the generic diff. */
export interface DiffHooks {
    /**
     * How the API's answer and the program's value are brought to one form
     * before comparing (numbers sent back as strings…). Applied to both sides,
     * after the generic one (absent = null, numeric text for integers, case
     * for `caseInsensitive` fields).
     */
    normalize?(key: string, value: unknown, spec: FieldSpec): unknown;
    /** When a replacement must delete the old object first (only asked when something is replaced). */
    deleteBeforeReplace?(news: Readonly<Record<string, unknown>>, changedKeys: readonly string[], olds: Readonly<Record<string, unknown>>): boolean;
}

/** How the API answers about one object, for judging an answer before it reaches the state. */
export interface AnswerShape {
    /** One answer, in messages: "trunk group profile". */
    noun: string;
    /** The object it is about, in messages: "trunk group" ("another trunk group"). */
    object: string;
    /** Fields every answer carries, whatever was asked. */
    always: readonly string[];
    /** The API sends numeric-looking text as numbers (Odin): a number is text there. */
    numbersAsText?: boolean;
    /**
     * The API leaves unset values, and values that do not apply, out of its
     * answers: a field it does not report is unset. Otherwise a field left out
     * was not read this time (a partial answer) and keeps its value.
     */
    omitsUnset?: boolean;
}

export interface ResourceSchema<T> {
    /** `module:type`, the key `pulumi-trunking/dynamic` loads the handlers by; never changes. */
    kind: string;
    /** The resource's name in messages: "TrunkGroup"; its args type is this + "Args" (argsTypeOf). */
    title: string;
    /** Who computes the outputs, in messages: "BroadWorks". */
    api: string;
    fields: FieldTable<T>;
    /** Read-only outputs the resource declares, with their kinds (an OutputTable of its outputs type); a program may not set them. */
    outputs: Readonly<Record<string, OutputSpec>>;
    /** The API's rules beyond the field table, for check. */
    rules?: CheckRules;
    /** The API's ways of answering and replacing, for diff. */
    hooks?: DiffHooks;
    /** How the API answers about one object. */
    answer: AnswerShape;
    /** Keys that look like inputs but are not, with what to do instead. */
    notInputs?: Readonly<Record<string, string>>;
    /** How `adoptExisting` finds an existing object, in words; default: by the identity fields. */
    adoption?: {
        findsBy: string;
        /** What an id is, when a program may name the object to adopt by id instead: "a Webex trunk id". */
        byId?: string;
    };
}

/** Where the program's author finds the allowed inputs: "TrunkGroupArgs". */
export const argsTypeOf = <T>(schema: ResourceSchema<T>): string => `${schema.title}Args`;

/** Pulumi's marker for a value not known until apply (preview): `plugin/rpc.go` UnknownStringValue. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

/** Set: neither undefined nor null. An unknown value counts as set. */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null;

const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * Own-property lookup: "constructor", "toString" or "__proto__" must not find
 * an Object.prototype member and pass for a field.
 */
export function specIn<S = FieldSpec>(table: Readonly<Record<string, S>>, key: string): S | undefined {
    return own(table, key) ? table[key] : undefined;
}

export function fieldSpec<T>(schema: ResourceSchema<T>, key: string): FieldSpec | undefined {
    return specIn(schema.fields as Readonly<Record<string, FieldSpec>>, key);
}

/** An object's own value of a key, or undefined (never an inherited member). */
export function ownValue(o: object, key: string): unknown {
    return own(o, key) ? (o as Readonly<Record<string, unknown>>)[key] : undefined;
}

/** The names among these that are fields of the schema, typed as such. */
export function fieldsIn<T>(schema: ResourceSchema<T>, names: readonly string[]): (keyof T & string)[] {
    return names.filter((k): k is keyof T & string => isField(schema, k));
}

/** The keys of an object that are fields of the schema (no `__provider`, no stray key). */
export function fieldKeys<T>(schema: ResourceSchema<T>, o: object): (keyof T & string)[] {
    return fieldsIn(schema, Object.keys(o));
}

/** Copies one field between typed objects; the key ties both value types together. */
export function copyField<T, K extends keyof T>(to: Partial<T>, from: T, key: K): void {
    to[key] = from[key];
}

/** The values of these fields for a sparse write; the identity is left out (it addresses the object, it is no setting). */
export function sparse<T>(schema: ResourceSchema<T>, values: T, keys: readonly (keyof T & string)[]): Partial<T> {
    const out: Partial<T> = {};
    for (const k of keys) {
        if (!schema.fields[k].identity) {
            copyField(out, values, k);
        }
    }
    return out;
}

export function isField<T>(schema: ResourceSchema<T>, key: string): key is keyof T & string {
    return fieldSpec(schema, key) !== undefined;
}

export function fieldNames<T>(schema: ResourceSchema<T>): (keyof T & string)[] {
    return Object.keys(schema.fields) as (keyof T & string)[];
}

export function fieldsWhere<T>(schema: ResourceSchema<T>, test: (spec: FieldSpec) => boolean): (keyof T & string)[] {
    return fieldNames(schema).filter((k) => test(schema.fields[k]));
}

export function isOutput<T>(schema: ResourceSchema<T>, key: string): boolean {
    return specIn(schema.outputs, key) !== undefined;
}

export function outputNames<T>(schema: ResourceSchema<T>): string[] {
    return Object.keys(schema.outputs);
}

/** Whether a field's `onlyWhen` condition holds for these inputs (always, without one). */
export function applies(spec: FieldSpec, inputs: object): boolean {
    return spec.onlyWhen === undefined || ownValue(inputs, spec.onlyWhen.field) === spec.onlyWhen.is;
}

/** "a string of 1 to 30 characters", "an integer from 1 to 999999", or the field's own description. */
export function describeSpec(spec: FieldSpec): string {
    if (spec.description) {
        return spec.description;
    }
    switch (spec.kind) {
        case "string":
            return spec.max !== undefined ? `a string of ${spec.min ?? 0} to ${spec.max} characters` : "a string";
        case "integer":
            return integerRange(spec);
        case "boolean":
            return "true or false";
        case "enum":
            return `one of ${quotedList(spec.values ?? [])}`;
        case "object":
            return `an object with ${Object.keys(spec.fields ?? {}).join(", ")}`;
        case "list":
            return `a list of ${spec.items ? describeSpec(spec.items) : "values"}`;
    }
}

export function integerRange(spec: FieldSpec): string {
    return spec.max !== undefined ? `an integer from ${spec.min ?? 0} to ${spec.max}` : `an integer of at least ${spec.min ?? 0}`;
}

export function quotedList(values: readonly string[]): string {
    return values.map((v) => JSON.stringify(v)).join(", ");
}

/**
 * The checked inputs as the resource's typed inputs: only schema fields (no
 * `__provider`, no stray key, no null where null is not allowed), and the
 * required ones must be there. The values
 * were validated against this same table by check, which the engine always
 * runs before create and update; a missing required field means it did not,
 * and is refused rather than sent.
 */
export function typedInputs<T>(schema: ResourceSchema<T>, props: object): T {
    const out: Record<string, unknown> = {};
    for (const key of fieldNames(schema)) {
        const value = ownValue(props ?? {}, key);
        // null clears a nullable field; elsewhere it means "not set", as in check.
        if (value !== undefined && (value !== null || schema.fields[key].nullable)) {
            out[key] = value;
        }
        if (schema.fields[key].required && !isSet(value)) {
            throw new Error(`${schema.title} input ${key} is missing (${describeSpec(schema.fields[key])}); run \`pulumi preview\` to see what check reports`);
        }
    }
    return out as T;
}

/** The identity fields, in table order: an id, a lookup and a sparse PUT all carry exactly these. */
export function identityFields<T>(schema: ResourceSchema<T>): (keyof T & string)[] {
    return fieldsWhere(schema, (s) => s.identity === true);
}

/**
 * The resource id: the identity fields' values in table order, each
 * URI-encoded, joined by "/", so it is URL-safe and reversible. An optional
 * identity field left out is an empty part.
 */
export function idOf<T>(schema: ResourceSchema<T>, values: object): string {
    return identityFields(schema)
        .map((k) => {
            const v = ownValue(values, k);
            return v === undefined || v === null ? "" : encodeURIComponent(String(v));
        })
        .join("/");
}

/** The identity an id names; an id of another form is refused, naming the form. */
export function identityFromId<T>(schema: ResourceSchema<T>, id: string): Record<string, string> {
    const keys = identityFields(schema);
    const parts = typeof id === "string" ? id.split("/") : [];
    if (parts.length !== keys.length || keys.some((k, i) => parts[i] === "" && schema.fields[k].required)) {
        throw new Error(`${JSON.stringify(id)} is not a ${schema.title} id: expected ${keys.join("/")} with each part URI-encoded`);
    }
    const out: Record<string, string> = {};
    keys.forEach((k, i) => {
        if (parts[i] !== "") {
            out[k] = decodeURIComponent(parts[i]);
        }
    });
    return out;
}

/**
 * The identity to address: the state's values when it has them all (they
 * follow a rename), else the id's.
 */
export function identityIn<T>(schema: ResourceSchema<T>, id: string, props: object | undefined): Record<string, string> {
    const keys = identityFields(schema);
    const p = props ?? {};
    if (keys.every((k) => typeof ownValue(p, k) === "string" || (!schema.fields[k].required && ownValue(p, k) === undefined))) {
        return Object.fromEntries(keys.filter((k) => typeof ownValue(p, k) === "string").map((k) => [k, ownValue(p, k) as string]));
    }
    return identityFromId(schema, id);
}

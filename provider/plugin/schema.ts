/**
 * The Pulumi package schema of the provider plugin, generated from the kit's
 * tables: every resource's field table (inputs, required ones, types, bounds
 * and conditions in words, enums, secrets, replace-on-change), its outputs
 * table, its adoption rule, the alias from its dynamic type; the capacity
 * function's arguments and the report's JSON Schema; the settings lists of
 * both APIs. Pure: the same tables give the same text. `npm run schema`
 * writes it to schema.json; a test fails when that file and the tables differ.
 */
import { CAPACITY_REPORT_SCHEMA, Schema as JsonSchema } from "../capacity/render/schema";
import { ADOPT_INPUT } from "../kit/adopt";
import { FieldSpec, OutputSpec, ResourceSchema, describeSpec, fieldNames, identityFields, outputNames, specIn } from "../kit/schema";
import { CAPACITY_FUNCTION, ArgumentSpec } from "./capacity";
import { PACKAGE, PluginSetting } from "./config";
import type { PluginResource } from "./resources";

type Spec = Record<string, unknown>;

export interface SchemaSource {
    version: string;
    resources: ReadonlyArray<Pick<PluginResource, "token" | "kind" | "dynamicType" | "schema">>;
    settings: readonly PluginSetting[];
}

const ANY = { $ref: "pulumi.json#/Any" } as const;
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const sentence = (s: string) => `${capitalized(s.trim()).replace(/[.]$/, "")}.`;
const shown = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));
const typeRef = (name: string) => ({ $ref: `#/types/${PACKAGE}:index:${name}` });

/** Words in a list: "a", "a or b", "a, b or c". */
function either(items: readonly string[], word = "or"): string {
    return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

/** Named object and enum types, collected while the resources and the function are described. */
class Types {
    readonly specs: Record<string, Spec> = {};

    add(name: string, spec: Spec): { $ref: string } {
        const token = `${PACKAGE}:index:${name}`;
        if (this.specs[token] && JSON.stringify(this.specs[token]) !== JSON.stringify(spec)) {
            throw new Error(`two different types would be named ${token}`);
        }
        this.specs[token] = spec;
        return typeRef(name);
    }
}

/** One input field: its type (an enum or object type of its own when it has values or sub-fields) and what the table says of it, in words. */
function fieldProperty(schema: ResourceSchema<unknown>, key: string, spec: FieldSpec, types: Types, typeName: string, nested = false): Spec {
    const description = fieldDescription(schema, spec, nested);
    return {
        ...valueType(schema, key, spec, types, typeName),
        description,
        ...(spec.secret ? { secret: true } : {}),
        ...(spec.replaceOnChange && !nested ? { replaceOnChanges: true } : {}),
    };
}

/** The type of a field's value: a named enum or object type when it has values or sub-fields. */
function valueType(schema: ResourceSchema<unknown>, key: string, spec: FieldSpec, types: Types, typeName: string): Spec {
    let type: Spec;
    switch (spec.kind) {
        case "string":
        case "integer":
        case "boolean":
            type = { type: spec.kind };
            break;
        case "enum":
            type = types.add(typeName, {
                type: "string",
                description: `The values of ${schema.title} ${key}.`,
                enum: (spec.values ?? []).map((value) => ({ value })),
            });
            break;
        case "object":
            type = spec.fields ? types.add(typeName, objectType(schema, spec.fields, types, typeName, `${schema.title} ${key}`)) : { ...ANY };
            break;
        case "list":
            type = { type: "array", items: spec.items ? valueType(schema, key, spec.items, types, `${typeName}Item`) : { ...ANY } };
            break;
    }
    return type;
}

function objectType(schema: ResourceSchema<unknown>, fields: Readonly<Record<string, FieldSpec>>, types: Types, typeName: string, what: string): Spec {
    const required = Object.keys(fields).filter((k) => fields[k].required);
    return {
        type: "object",
        description: `The value of ${what}.`,
        properties: Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, fieldProperty(schema, k, s, types, `${typeName}${capitalized(k)}`, true)])),
        ...(required.length > 0 ? { required } : {}),
    };
}

/** Everything the field table says of a field, as sentences a user of the schema reads. */
export function fieldDescription(schema: ResourceSchema<unknown>, spec: FieldSpec, nested = false): string {
    const out: string[] = [sentence(describeSpec(spec))];
    if (spec.pattern) {
        out.push(`Format: ${spec.pattern.description}.`);
    }
    if (spec.atMost) {
        out.push(`At most ${spec.atMost}.`);
    }
    if (spec.requiredWhen) {
        out.push(`Required when ${spec.requiredWhen.field} is ${shown(spec.requiredWhen.is)}.`);
    }
    if (spec.onlyWhen) {
        out.push(`Only allowed when ${spec.onlyWhen.field} is ${shown(spec.onlyWhen.is)}.`);
    }
    if (spec.unsetIsValue) {
        out.push("Leaving it out is itself a setting.");
    }
    if (spec.createDefault !== undefined) {
        out.push(`Default: ${shown(spec.createDefault)}.`);
    }
    if (!nested) {
        if (spec.resetTo === null) {
            out.push("Removing it from the program clears it.");
        } else if (spec.resetTo !== undefined) {
            out.push(`Removing it from the program resets it to ${shown(spec.resetTo)}.`);
        } else if (!spec.required && !spec.unsetIsValue) {
            out.push(`Left out, ${schema.api}'s value stays and shows no difference.`);
        }
        if (spec.nullable && spec.resetTo !== null) {
            out.push("null clears it.");
        }
        if (spec.replaceOnChange) {
            out.push(`Changing it replaces the ${schema.title}.`);
        } else if (spec.identity) {
            out.push(`Part of the ${schema.title}'s id; a change is made in place.`);
        }
    }
    if (spec.writeOnly) {
        out.push(`${schema.api} never returns it: the outputs hold the value last sent${spec.sentOnEveryUpdate ? ", and every update sends it" : ""}.`);
    }
    if (spec.caseInsensitive) {
        out.push(`${schema.api} may answer it in another case: case is no change.`);
    }
    if (spec.secret) {
        out.push("Always a secret in the state, whatever the program passes.");
    }
    return out.join(" ");
}

function outputProperty(schema: ResourceSchema<unknown>, key: string, spec: OutputSpec, types: Types): Spec {
    const description = `Read-only: ${schema.api} reports it.`;
    switch (spec.kind) {
        case "string":
        case "integer":
        case "boolean":
            return { type: spec.kind, description };
        case "enum":
            return { type: "string", description };
        case "list":
            return { type: "array", items: { ...ANY }, description };
        case "any":
            return { ...ANY, description };
        case "object":
            return { ...(spec.fields ? types.add(`${schema.title}${capitalized(key)}`, objectType(schema, spec.fields, types, `${schema.title}${capitalized(key)}`, `${schema.title} ${key}`)) : ANY), description };
    }
}

function adoptProperty(schema: ResourceSchema<unknown>, types: Types): Spec | undefined {
    const adoption = schema.adoption;
    if (!adoption) {
        return undefined;
    }
    const forms: Spec[] = [{ type: "boolean" }, { type: "string" }];
    let byId = "";
    if (adoption.byId) {
        forms.push(
            types.add(`${schema.title}AdoptById`, {
                type: "object",
                description: `The ${schema.title} to take over, named by id.`,
                properties: {
                    id: { type: "string", description: `${sentence(adoption.byId)}` },
                    apply: { type: "boolean", description: "true: give it the program's values with one update." },
                },
                required: ["id"],
            }),
        );
        byId = `, or {id: <${adoption.byId}>, apply?: true} to name the one to take over`;
    }
    return {
        oneOf: forms,
        description:
            `Take over a ${schema.title} that already exists (found by ${adoption.findsBy}) instead of failing: true only when it already has every declared value ` +
            `(otherwise the create fails before any change, naming each difference); "apply" gives it the program's values, secrets included, with one update${byId}. ` +
            "Only create looks at it: it never shows a change.",
    };
}

/** What a resource is, from its tables. */
function resourceDescription(r: Pick<PluginResource, "kind" | "dynamicType" | "schema">): string {
    const s = r.schema;
    const identity = identityFields(s);
    const fields = s.fields as Readonly<Record<string, FieldSpec>>;
    const replaces = fieldNames(s).filter((k) => fields[k].replaceOnChange);
    const lines = [
        `A ${s.api} ${s.answer.noun}, managed by the same code as the pulumi-trunking dynamic resource ${s.title} (${r.kind}).`,
        identity.length > 0 ? `Its id is made of ${either(identity, "and")}.` : "",
        replaces.length > 0 ? `Changing ${either(replaces)} replaces it; every other input is changed in place.` : "Every input is changed in place.",
        outputNames(s).length > 0 ? `${s.api} also reports ${either(outputNames(s), "and")}.` : "",
        `A stack of dynamic ${s.title} resources moves to this type without replacement: the type has the alias ${r.dynamicType}.`,
    ];
    return lines.filter(Boolean).join(" ");
}

function resourceSpec(r: Pick<PluginResource, "kind" | "dynamicType" | "schema">, types: Types): Spec {
    const s = r.schema;
    const fields = s.fields as Readonly<Record<string, FieldSpec>>;
    const inputs: Record<string, Spec> = {};
    for (const key of Object.keys(fields)) {
        inputs[key] = fieldProperty(s, key, fields[key], types, `${s.title}${capitalized(key)}`);
    }
    const adopt = adoptProperty(s, types);
    if (adopt) {
        inputs[ADOPT_INPUT] = adopt;
    }
    const properties: Record<string, Spec> = {};
    for (const key of Object.keys(fields)) {
        properties[key] = inputs[key];
    }
    for (const key of outputNames(s)) {
        if (!specIn(fields, key)) {
            properties[key] = outputProperty(s, key, s.outputs[key], types);
        }
    }
    const required = Object.keys(fields).filter((k) => fields[k].required);
    return {
        description: resourceDescription(r),
        properties,
        required,
        inputProperties: inputs,
        requiredInputs: required,
        aliases: [{ type: r.dynamicType }],
    };
}

/** A JSON Schema (the capacity report's) as schema properties, objects as named types. */
function fromJsonSchema(js: JsonSchema, name: string, types: Types, named: Map<JsonSchema, { $ref: string }>): Spec {
    const list = js.type === undefined ? [] : Array.isArray(js.type) ? js.type : [js.type];
    const type = list.find((t) => t !== "null") ?? (js.enum ? "string" : undefined);
    const description = [js.description, js.enum ? `One of ${js.enum.map((v) => JSON.stringify(v)).join(", ")}.` : undefined].filter(Boolean).join(" ");
    const withDescription = (spec: Spec) => (description ? { ...spec, description } : spec);
    if (type === "array") {
        const item = js.items ?? {};
        return withDescription({ type: "array", items: fromJsonSchema(item, name.replace(/s$/, ""), types, named) });
    }
    if (type === "object" && js.properties) {
        let ref = named.get(js);
        if (!ref) {
            ref = types.add(name, { type: "object", ...objectFromJsonSchema(js, name, types, named) });
            named.set(js, ref);
        }
        return withDescription({ ...ref });
    }
    if (type === "object" || type === undefined) {
        return withDescription({ ...ANY });
    }
    return withDescription({ type });
}

function objectFromJsonSchema(js: JsonSchema, name: string, types: Types, named: Map<JsonSchema, { $ref: string }>): Spec {
    const props = js.properties ?? {};
    const nullable = (s: JsonSchema) => Array.isArray(s.type) && s.type.includes("null");
    return {
        properties: Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromJsonSchema(s, `${name}${capitalized(k)}`, types, named)])),
        // A value that may be null is never required: the SDKs type it optional.
        required: (js.required ?? []).filter((k) => props[k] && !nullable(props[k])),
    };
}

function argumentProperty(spec: ArgumentSpec): Spec {
    const { required: _r, ...rest } = spec;
    return rest;
}

function functionSpec(types: Types): Spec {
    const inputs = CAPACITY_FUNCTION.inputs as Readonly<Record<string, ArgumentSpec>>;
    const report = CAPACITY_REPORT_SCHEMA;
    return {
        description: CAPACITY_FUNCTION.description,
        inputs: {
            properties: Object.fromEntries(Object.entries(inputs).map(([k, s]) => [k, argumentProperty(s)])),
            required: Object.keys(inputs).filter((k) => inputs[k].required),
        },
        outputs: { type: "object", ...objectFromJsonSchema(report, "Capacity", types, new Map()) },
    };
}

function sortedKeys(o: Record<string, Spec>): Record<string, Spec> {
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/** The package schema for these resources, settings and version. */
export function packageSchema(src: SchemaSource): Spec {
    const types = new Types();
    const resources: Record<string, Spec> = {};
    for (const r of src.resources) {
        resources[r.token] = resourceSpec(r, types);
    }
    const functions = { [CAPACITY_FUNCTION.token]: functionSpec(types) };
    const variables = Object.fromEntries(
        src.settings.map((s) => [s.key, { type: s.type, description: s.description, ...(s.secret ? { secret: true } : {}) }]),
    );
    return {
        name: PACKAGE,
        displayName: "Trunking",
        version: src.version,
        description:
            "Carrier voice trunking as code: Cisco BroadWorks trunk groups (Odin API), group and service-provider trunking capacity, " +
            "Webex Calling premise trunks, and the trunking capacity report. The provider plugin of the pulumi-trunking npm package.",
        keywords: ["pulumi", "broadworks", "odin", "webex", "sip", "trunking", "category/network", "kind/native"],
        license: "Apache-2.0",
        publisher: "pulumi-trunking",
        config: { variables },
        provider: {
            description:
                `The ${PACKAGE} provider. Its settings are stack config in the ${PACKAGE} namespace (${PACKAGE}:odinBaseUrl, ${PACKAGE}:odinPassword, …) ` +
                "or the environment variables ODIN_* and WEBEX_*; an explicit provider takes no arguments.",
        },
        resources,
        functions,
        types: sortedKeys(types.specs),
        language: {
            python: {
                packageName: "pulumi_trunking",
                respectSchemaVersion: true,
                pyproject: { enabled: true },
                requires: { pulumi: ">=3.0.0,<4.0.0" },
                readme: "Carrier voice trunking as code from Python programs: the SDK of the pulumi-trunking provider plugin (generated from its schema).",
            },
        },
    };
}

import * as pulumi from "@pulumi/pulumi";
import { recordDeclared } from "./declared";
import { ResourceSchema, fieldsWhere, outputNames } from "./schema";
import { providerStub } from "./stub";

// A kind without a module of its own (a test's): one stub per kind, as the SDK caches the text by object.
const unlisted = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object of a kind: the whole export of its module
 * provider/dynamic/<module>/<Type>, so that where the package is installed in
 * node_modules, Pulumi's closure serializer writes the text
 * `require("pulumi-trunking/dynamic/<module>/<Type>")` into state instead of
 * the object's code (see stub.ts). Every kind pulumi-trunking/dynamic knows
 * has its module (a test holds them to it).
 */
function providerOf(module: string, type: string): pulumi.dynamic.ResourceProvider {
    try {
        return require(`../dynamic/${module}/${type}`) as pulumi.dynamic.ResourceProvider;
    } catch (e) {
        if ((e as { code?: string }).code !== "MODULE_NOT_FOUND") {
            throw e;
        }
        const kind = `${module}:${type}`;
        let stub = unlisted.get(kind);
        if (!stub) {
            stub = providerStub(kind);
            unlisted.set(kind, stub);
        }
        return stub;
    }
}

/**
 * A value a program may give as it is or as another resource's output, at
 * every level: an enterprise trunk's members are `{ groupId: tg.groupId,
 * trunkGroupName: tg.name }`.
 */
export type DeepInput<T> = T extends string | number | boolean | null
    ? pulumi.Input<T>
    : T extends readonly (infer Item)[]
      ? pulumi.Input<DeepInput<Item>[]>
      : T extends object
        ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
        : pulumi.Input<T>;

/**
 * What a program gives a resource: every input field as the inputs type has
 * it (required ones required, each a pulumi.Input, its documentation kept),
 * and `adoptExisting` in the forms the resource allows.
 */
export type ResourceArgs<Inputs, Adopt = boolean | "apply"> = { [K in keyof Inputs]: DeepInput<Exclude<Inputs[K], undefined>> } & {
    /**
     * Take over an object that already exists instead of failing: `true` only
     * when it already has every declared value (otherwise the create fails
     * before any change, naming each difference); `"apply"` gives it the
     * program's values, secrets included, with one update. Only create looks
     * at it: it never shows a change. Default: the stack config
     * `<namespace>:adoptExisting`, else off.
     */
    adoptExisting?: pulumi.Input<Adopt>;
};

/** What a program reads from a resource: every input field (as BroadWorks or Webex has it) and every read-only output. */
export type ResourceOutputs<Values> = { readonly [K in keyof Values]-?: pulumi.Output<Values[K]> };

/** The base of every resource class (see resourceClass). */
export abstract class KitResource extends pulumi.dynamic.Resource {
    protected constructor(schema: ResourceSchema<unknown>, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
        const [module, type] = schema.kind.split(":");
        const stub = providerOf(module, type);
        const secrets = fieldsWhere(schema, (s) => s.secret === true);
        const props: Record<string, unknown> = { ...args };
        for (const key of outputNames(schema)) {
            props[key] = undefined;
        }
        for (const key of secrets) {
            if (props[key] !== undefined) {
                props[key] = pulumi.secret(props[key]);
            }
        }
        super(stub, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: secrets }), module, type);
        recordDeclared({ kind: schema.kind, name, resource: this, args: { ...args }, dependsOn: opts?.dependsOn, options: {} });
    }
}

export interface ResourceClass<Args, Values> {
    new (name: string, args: Args, opts?: pulumi.CustomResourceOptions): KitResource & ResourceOutputs<Values>;
}

/**
 * The resource class of a declaration: registers
 * `pulumi-nodejs:dynamic/<module>:<type>` (from the schema's kind, so URNs
 * never change) with the kind's provider stub, declares the read-only
 * outputs so programs can read them, and makes every secret field a Pulumi
 * secret on the way in and out.
 */
export function resourceClass<Args extends object, Values>(schema: ResourceSchema<unknown>): ResourceClass<Args, Values> {
    const declared: new (name: string, args: Args, opts?: pulumi.CustomResourceOptions) => KitResource = class extends KitResource {
        constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
            super(schema, name, args, opts);
        }
    };
    Object.defineProperty(declared, "name", { value: schema.title });
    // The outputs are set on each instance by the Resource constructor, one per key of the props above.
    return declared as ResourceClass<Args, Values>;
}

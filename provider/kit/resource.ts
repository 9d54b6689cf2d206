import * as pulumi from "@pulumi/pulumi";
import { ResourceSchema, fieldsWhere } from "./schema";
import { providerStub } from "./stub";

// The SDK serializes a provider object once and caches the text by object, so one stub per kind.
const stubs = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The base of every resource class: registers `pulumi-nodejs:dynamic/<module>:<type>`
 * (from the schema's kind, so URNs never change) with the kind's provider
 * stub, declares the read-only outputs so programs can read them, and makes
 * every secret field a Pulumi secret on the way in and out.
 */
export abstract class KitResource extends pulumi.dynamic.Resource {
    protected constructor(schema: ResourceSchema<unknown>, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
        const [module, type] = schema.kind.split(":");
        let stub = stubs.get(schema.kind);
        if (!stub) {
            stub = providerStub(schema.kind);
            stubs.set(schema.kind, stub);
        }
        const secrets = fieldsWhere(schema, (s) => s.secret === true);
        const props: Record<string, unknown> = { ...args };
        for (const key of schema.outputs) {
            props[key] = undefined;
        }
        for (const key of secrets) {
            if (props[key] !== undefined) {
                props[key] = pulumi.secret(props[key]);
            }
        }
        super(stub, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: secrets }), module, type);
    }
}

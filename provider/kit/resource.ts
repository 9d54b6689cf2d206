import * as pulumi from "@pulumi/pulumi";
import { ResourceSchema, fieldsWhere } from "./schema";

/**
 * The provider object of a kind: the whole export of its module
 * provider/dynamic/<module>/<Type>, so that where the package is installed in
 * node_modules, Pulumi's closure serializer writes the text
 * `require("pulumi-trunking/dynamic/<module>/<Type>")` into state instead of
 * the object's code (see stub.ts).
 */
function providerOf(module: string, type: string): pulumi.dynamic.ResourceProvider {
    return require(`../dynamic/${module}/${type}`) as pulumi.dynamic.ResourceProvider;
}

/**
 * The base of every resource class: registers `pulumi-nodejs:dynamic/<module>:<type>`
 * (from the schema's kind, so URNs never change) with the kind's provider
 * stub, declares the read-only outputs so programs can read them, and makes
 * every secret field a Pulumi secret on the way in and out.
 */
export abstract class KitResource extends pulumi.dynamic.Resource {
    protected constructor(schema: ResourceSchema<unknown>, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
        const [module, type] = schema.kind.split(":");
        const stub = providerOf(module, type);
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

/**
 * What the provider plugin serves: every resource kind `pulumi-trunking/dynamic`
 * knows, each with the same handlers the dynamic provider runs, under the
 * token trunking:index:<title>. Nothing here is per resource: a kind added to
 * dynamic.ts is a plugin resource and a schema entry with no change here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { kinds, load } from "../dynamic";
import { declarationOf } from "../kit/handlers";
import type { ResourceSchema } from "../kit/schema";
import { PACKAGE } from "./config";

export interface PluginResource {
    /** "trunking:index:TrunkGroup". */
    token: string;
    /** "odin:TrunkGroup": the kit's kind. */
    kind: string;
    /** "pulumi-nodejs:dynamic/odin:TrunkGroup": the type a dynamic resource of this kind has, the alias a stack moves from. */
    dynamicType: string;
    schema: ResourceSchema<unknown>;
    /** The API's settings namespace: "odin". */
    tag: string;
    handlers: Required<pulumi.dynamic.ResourceProvider>;
}

export const tokenOf = (schema: ResourceSchema<unknown>): string => `${PACKAGE}:index:${schema.title}`;

/** The dynamic type of a kind: the module and type `pulumi.dynamic.Resource` registers (kit/resource.ts). */
export const dynamicTypeOf = (kind: string): string => {
    const [module, type] = kind.split(":");
    return `pulumi-nodejs:dynamic/${module}:${type}`;
};

/** Every kind of this version, as plugin resources, in dynamic.ts's order. */
export function pluginResources(): PluginResource[] {
    return kinds().map((kind) => {
        const handlers = load(kind);
        const declared = declarationOf(handlers);
        if (!declared) {
            throw new Error(`the handlers of ${kind} were not made by the kit's resourceHandlers, so the plugin cannot find their schema`);
        }
        return { token: tokenOf(declared.schema), kind, dynamicType: dynamicTypeOf(kind), schema: declared.schema, tag: declared.api.tag, handlers };
    });
}

/**
 * What the program declares, as it declares it: every kit resource records
 * itself here when it is constructed (in the program's process, never in
 * the provider host), with its arguments and options as given. The capacity
 * report of a preview reads it to project the program's changes onto what
 * BroadWorks has now. Kept on the global object, so two copies of the package
 * in one program still share one list.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface DeclaredResource {
    /** The schema's kind: "odin:TrunkGroup". */
    kind: string;
    /** The Pulumi name. */
    name: string;
    resource: pulumi.CustomResource;
    /** The arguments as the program gave them (pulumi.Inputs), program-only options removed. */
    args: Readonly<Record<string, unknown>>;
    /** The `dependsOn` option as given. */
    dependsOn: pulumi.CustomResourceOptions["dependsOn"];
    /** Program-only options of the resource (e.g. allowOversubscription). */
    options: Record<string, unknown>;
}

const KEY = Symbol.for("pulumi-trunking.declaredResources");

function list(): DeclaredResource[] {
    const g = globalThis as unknown as Record<symbol, DeclaredResource[] | undefined>;
    return (g[KEY] ??= []);
}

export function recordDeclared(d: DeclaredResource): void {
    list().push(d);
}

/** Every kit resource the program has declared so far, in order. */
export function declaredResources(): readonly DeclaredResource[] {
    return list();
}

/** Sets a program-only option on a resource declared earlier. */
export function setDeclaredOption(resource: pulumi.CustomResource, key: string, value: unknown): void {
    const d = list().find((x) => x.resource === resource);
    if (d && value !== undefined) {
        d.options[key] = value;
    }
}

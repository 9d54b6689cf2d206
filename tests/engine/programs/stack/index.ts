import * as pulumi from "@pulumi/pulumi";
import { EnterpriseTrunk, GroupTrunkingCapacity, ServiceProviderTrunkingCapacity, TrunkGroup, WebexTrunk, getTrunkingCapacityOutput } from "pulumi-trunking";

/**
 * A stack of TrunkGroups and WebexTrunks described by stack config, so one
 * program serves every engine rule:
 *
 *   trunking-test:resources  JSON list of
 *     { kind: "TrunkGroup" | "WebexTrunk" | "GroupTrunkingCapacity" | "ServiceProviderTrunkingCapacity" | "EnterpriseTrunk",
 *       name, args,
 *       secrets?: { argName: "<config key holding the secret>" },   (cfg.requireSecret)
 *       plain?: { argName: "<config key>" },                       (cfg.require: a plain string, even of a secret key)
 *       refs?: { argName: "<earlier resource>.<output>" },
 *       members?: [{ name: "<earlier TrunkGroup>", priority?, weight? }],   (an EnterpriseTrunk's trunkGroups, from their outputs)
 *       options?: { protect, retainOnDelete, deleteBeforeReplace, ignoreChanges, import, dependsOn: [names] },
 *       export?: [output names] }
 *   trunking-test:capacity   optional { serviceProviderId, groupIds?, dependsOn?: [names] }
 *
 * Stack outputs: "<name>.<output>" for each exported output, and "capacity".
 */

const CLASSES = { TrunkGroup, WebexTrunk, GroupTrunkingCapacity, ServiceProviderTrunkingCapacity, EnterpriseTrunk } as const;

interface Spec {
    kind: keyof typeof CLASSES;
    name: string;
    args: Record<string, unknown>;
    secrets?: Record<string, string>;
    plain?: Record<string, string>;
    refs?: Record<string, string>;
    members?: Array<{ name: string; priority?: number; weight?: number }>;
    options?: {
        protect?: boolean;
        retainOnDelete?: boolean;
        deleteBeforeReplace?: boolean;
        ignoreChanges?: string[];
        import?: string;
        dependsOn?: string[];
    };
    export?: string[];
}

const cfg = new pulumi.Config();
const specs = cfg.requireObject<Spec[]>("resources");
const built = new Map<string, pulumi.CustomResource>();
const outputs: Record<string, unknown> = {};

const outputOf = (ref: string): pulumi.Output<unknown> => {
    const [name, field] = ref.split(".");
    const res = built.get(name) as unknown as Record<string, pulumi.Output<unknown>> | undefined;
    if (!res || !res[field]) {
        throw new Error(`unknown reference ${ref}`);
    }
    return res[field];
};

for (const spec of specs) {
    const args: Record<string, unknown> = { ...spec.args };
    for (const [arg, key] of Object.entries(spec.secrets ?? {})) {
        args[arg] = cfg.requireSecret(key);
    }
    for (const [arg, key] of Object.entries(spec.plain ?? {})) {
        args[arg] = cfg.require(key);
    }
    for (const [arg, ref] of Object.entries(spec.refs ?? {})) {
        args[arg] = outputOf(ref);
    }
    if (spec.members) {
        args.trunkGroups = spec.members.map((m) => ({ groupId: outputOf(`${m.name}.groupId`), trunkGroupName: outputOf(`${m.name}.name`), ...(m.priority !== undefined ? { priority: m.priority } : {}), ...(m.weight !== undefined ? { weight: m.weight } : {}) }));
    }
    const o = spec.options ?? {};
    const opts: pulumi.CustomResourceOptions = {
        ...(o.protect !== undefined ? { protect: o.protect } : {}),
        ...(o.retainOnDelete !== undefined ? { retainOnDelete: o.retainOnDelete } : {}),
        ...(o.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: o.deleteBeforeReplace } : {}),
        ...(o.ignoreChanges ? { ignoreChanges: o.ignoreChanges } : {}),
        ...(o.import ? { import: o.import } : {}),
        ...(o.dependsOn ? { dependsOn: o.dependsOn.map((n) => built.get(n)!) } : {}),
    };
    const Class = CLASSES[spec.kind] as unknown as new (name: string, args: unknown, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;
    if (!Class) {
        throw new Error(`unknown kind ${spec.kind}`);
    }
    const res = new Class(spec.name, args, opts);
    built.set(spec.name, res);
    for (const field of spec.export ?? []) {
        outputs[`${spec.name}.${field}`] = (res as unknown as Record<string, unknown>)[field];
    }
}

const capacity = cfg.getObject<{ serviceProviderId: string; groupIds?: string[]; dependsOn?: string[] }>("capacity");
if (capacity) {
    outputs.capacity = getTrunkingCapacityOutput(
        { serviceProviderId: capacity.serviceProviderId, ...(capacity.groupIds ? { groupIds: capacity.groupIds } : {}) },
        { dependsOn: (capacity.dependsOn ?? []).map((n) => built.get(n)!) },
    );
}

export = outputs;

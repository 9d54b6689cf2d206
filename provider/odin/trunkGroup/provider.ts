import type * as pulumi from "@pulumi/pulumi";

/**
 * The object Pulumi serializes into state with every TrunkGroup. It captures
 * nothing but a require of the implementation by package name: no client, no
 * agent, no credential. The host process loads the installed package and the
 * handlers read their settings in `configure`.
 */
function impl(): Required<pulumi.dynamic.ResourceProvider> {
    return require("pulumi-trunking/dist/provider/odin/trunkGroup/handlers").handlers;
}

export const trunkGroupProvider: pulumi.dynamic.ResourceProvider = {
    configure: (req) => impl().configure(req),
    check: (olds, news) => impl().check(olds, news),
    diff: (id, olds, news) => impl().diff(id, olds, news),
    create: (inputs) => impl().create(inputs),
    read: (id, props) => impl().read(id, props),
    update: (id, olds, news) => impl().update(id, olds, news),
    delete: (id, props) => impl().delete(id, props),
};

import type * as pulumi from "@pulumi/pulumi";

/**
 * The object Pulumi serializes into state with every WebexTrunk. It captures
 * nothing but a require of the implementation by package name: no client,
 * no axios, no token. The host process loads the installed package, and the
 * handlers read their settings from the config `configure` hands them.
 */
function handlers(): Required<pulumi.dynamic.ResourceProvider> {
    return require("pulumi-trunking/dist/provider/webex/handlers").handlers;
}

export const webexTrunkProvider: pulumi.dynamic.ResourceProvider = {
    async configure(req) {
        return handlers().configure(req);
    },
    async check(olds, news) {
        return handlers().check(olds, news);
    },
    async diff(id, olds, news) {
        return handlers().diff(id, olds, news);
    },
    async create(inputs) {
        return handlers().create(inputs);
    },
    async read(id, props) {
        return handlers().read(id, props);
    },
    async update(id, olds, news) {
        return handlers().update(id, olds, news);
    },
    async delete(id, props) {
        return handlers().delete(id, props);
    },
};

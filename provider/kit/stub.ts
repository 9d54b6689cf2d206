import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object `pulumi.dynamic.Resource` serializes into state with
 * every resource, and that the engine's dynamic-provider host loads again,
 * possibly years later and in another process, for refresh and destroy.
 *
 * It captures nothing but the kind string: no client, no agent, no setting,
 * no credential. Inside its methods it requires `pulumi-trunking/dynamic`,
 * the one entry of the package whose path and `load(kind)` signature never
 * change, so moving any implementation file cannot break a stack. Keep it
 * that way: everything a method here references is written into state.
 */
export function providerStub(kind: string): Required<pulumi.dynamic.ResourceProvider> {
    // Runs in the host: resolves the package from the Pulumi project's node_modules.
    function entry(): Required<pulumi.dynamic.ResourceProvider> {
        let dynamic: { load(kind: string): Required<pulumi.dynamic.ResourceProvider> };
        try {
            dynamic = require("pulumi-trunking/dynamic");
        } catch (e) {
            const code = (e as { code?: string })?.code;
            const text = (e as Error)?.message ?? String(e);
            if (code === "MODULE_NOT_FOUND" && text.includes("pulumi-trunking")) {
                throw new Error(
                    `This stack has ${kind} resources, which need the npm package pulumi-trunking, but it cannot be found from ${process.cwd()}. ` +
                        "Install it in the Pulumi project: run `npm install pulumi-trunking` in the folder that holds Pulumi.yaml, then run the command again.",
                );
            }
            if (code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
                throw new Error(
                    `This stack's ${kind} resources were written by a newer pulumi-trunking than the one installed (it has no "pulumi-trunking/dynamic" entry). ` +
                        "Upgrade it in the Pulumi project: run `npm install pulumi-trunking@latest` in the folder that holds Pulumi.yaml, then run the command again.",
                );
            }
            throw new Error(`Loading pulumi-trunking for ${kind} resources failed: ${text}. Reinstall it in the Pulumi project (\`npm install\` next to Pulumi.yaml).`);
        }
        return dynamic.load(kind);
    }
    // async: a failed load is a rejected promise, like every other failure.
    return {
        configure: async (req) => entry().configure(req),
        check: async (olds, news) => entry().check(olds, news),
        diff: async (id, olds, news) => entry().diff(id, olds, news),
        create: async (inputs) => entry().create(inputs),
        read: async (id, props) => entry().read(id, props),
        update: async (id, olds, news) => entry().update(id, olds, news),
        delete: async (id, props) => entry().delete(id, props),
    };
}

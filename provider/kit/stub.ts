import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object `pulumi.dynamic.Resource` serializes into state with
 * every resource (twice: with its inputs and its outputs), and that the
 * engine's dynamic-provider host loads again, possibly years later and in
 * another process, for refresh and destroy.
 *
 * Each kind's stub is the whole export of its own module,
 * `pulumi-trunking/dynamic/<module>/<Type>` (provider/dynamic/). Pulumi's
 * closure serializer writes a module's export as `require("<its public
 * name>")`, so where the package is installed in node_modules the text in
 * state is that one line (about 270 bytes, not 3.5 KB). Those module paths,
 * like `pulumi-trunking/dynamic`, never move.
 *
 * Where the package is not under node_modules (a symlinked `file:` or `npm
 * link` install), the serializer writes the object's code instead: then it
 * captures nothing but the kind string (no client, no setting, no credential)
 * and its methods require `pulumi-trunking/dynamic`, whose `load(kind)` never
 * changes. Keep it that way: everything a method here references is written
 * into state.
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

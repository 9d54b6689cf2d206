import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * A program of SitePolicy resources (tests/kit/sitePolicy.ts), a test resource
 * on the settings pattern, described by stack config:
 *
 *   site-test:policies  JSON list of { name, args }
 *
 * Its provider object, like the package's, captures only a path: each method
 * requires the compiled declaration's handlers inside the provider host.
 * Stack outputs: "<name>" -> the resource's outputs.
 */
const HANDLERS = path.resolve(__dirname, "../../../kit/sitePolicy.js");

const provider: pulumi.dynamic.ResourceProvider = {
    configure: async (req) => require(HANDLERS).handlers.configure(req),
    check: async (olds, news) => require(HANDLERS).handlers.check(olds, news),
    diff: async (id, olds, news) => require(HANDLERS).handlers.diff(id, olds, news),
    create: async (inputs) => require(HANDLERS).handlers.create(inputs),
    read: async (id, props) => require(HANDLERS).handlers.read(id, props),
    update: async (id, olds, news) => require(HANDLERS).handlers.update(id, olds, news),
    delete: async (id, props) => require(HANDLERS).handlers.delete(id, props),
};

class SitePolicy extends pulumi.dynamic.Resource {
    constructor(name: string, args: Record<string, unknown>) {
        super(provider, name, { ...args, foundAtCreate: undefined }, {}, "test", "SitePolicy");
    }
}

const cfg = new pulumi.Config();
const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const spec of cfg.requireObject<Array<{ name: string; args: Record<string, unknown> }>>("policies")) {
    const r = new SitePolicy(spec.name, spec.args) as unknown as Record<string, pulumi.Output<unknown>>;
    outputs[spec.name] = pulumi.all({ maxCalls: r.maxCalls, codec: r.codec, recording: r.recording, foundAtCreate: r.foundAtCreate });
}
export = outputs;

import * as pulumi from "@pulumi/pulumi";

/**
 * A minimal dynamic resource whose Diff answers "unknown" (no `changes`),
 * to show what the engine does then; no package resource answers that.
 * Config: trunking-test:value, trunking-test:ignore (JSON list of paths).
 */
const probeProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any) {
        return { inputs: news };
    },
    async diff() {
        return {};
    },
    async create(inputs: any) {
        return { id: "probe-1", outs: { value: inputs.value } };
    },
    async update(_id: string, _olds: any, news: any) {
        return { outs: { value: news.value } };
    },
};

class Probe extends pulumi.dynamic.Resource {
    declare readonly value: pulumi.Output<string>;

    constructor(name: string, value: string, opts?: pulumi.CustomResourceOptions) {
        super(probeProvider, name, { value }, opts, "test", "Probe");
    }
}

const cfg = new pulumi.Config();
const probe = new Probe("probe", cfg.require("value"), { ignoreChanges: cfg.getObject<string[]>("ignore") ?? [] });

export const value = probe.value;

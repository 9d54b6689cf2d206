import * as pulumi from "@pulumi/pulumi";

/**
 * Calls the builtin `pulumi:pulumi:readStackResourceOutputs` on its own stack
 * (or the stack named by trunking-test:stackName) and exports what came back,
 * beside one dynamic resource whose value is trunking-test:value (a secret
 * when trunking-test:secret is true). Outputs: `read` (the invoke's answer as
 * JSON text, or "ERR <message>"), `value`.
 */
const provider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: any) {
        return { id: "item-1", outs: { value: inputs.value, note: inputs.note } };
    },
    async diff(_id: string, olds: any, news: any) {
        return { changes: olds.value !== news.value };
    },
    async update(_id: string, _olds: any, news: any) {
        return { outs: { value: news.value, note: news.note } };
    },
};

class Item extends pulumi.dynamic.Resource {
    constructor(name: string, props: Record<string, unknown>) {
        super(provider, name, props, {}, "test", "Item");
    }
}

const cfg = new pulumi.Config();
new Item("item", { value: cfg.get("value") ?? "one", note: cfg.getBoolean("secret") ? pulumi.secret("hidden") : "plain" });

const stackName = cfg.get("stackName") ?? `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
export const read = pulumi.output(
    pulumi.runtime.invoke("pulumi:pulumi:readStackResourceOutputs", { stackName }).then(
        (r) => JSON.stringify(r),
        (e: Error) => `ERR ${e.message}`,
    ),
);

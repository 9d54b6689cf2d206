import * as pulumi from "@pulumi/pulumi";
import { TrunkGroup } from "pulumi-trunking";

/**
 * bench/cli.ts's program, copied into the benchmark's project (so that
 * pulumi-trunking and @pulumi/pulumi resolve from its node_modules, as in a
 * user's project). Stack config:
 *   trunking-bench:count     how many trunk groups
 *   trunking-bench:groups    spread over this many groups (G00000, G00001, …)
 *   trunking-bench:sp        the service provider
 *   trunking-bench:provider  "trunking" (TrunkGroup) or "noop" (the same inputs
 *                            through a dynamic provider that does nothing: the
 *                            engine's and the SDK's own share of a command)
 */
const cfg = new pulumi.Config();
const count = cfg.requireNumber("count");
const groups = cfg.requireNumber("groups");
const sp = cfg.require("sp");
const which = cfg.require("provider");

const noop: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        return { id: `${inputs.groupId}/${inputs.name}`, outs: inputs };
    },
    async diff() {
        return { changes: false };
    },
    async read(id, props) {
        return { id, props };
    },
    async delete() {},
};

class Noop extends pulumi.dynamic.Resource {
    constructor(name: string, args: Record<string, unknown>) {
        super(noop, name, args, {}, "bench", "Noop");
    }
}

for (let i = 0; i < count; i++) {
    const args = { serviceProviderId: sp, groupId: `G${String(i % groups).padStart(5, "0")}`, name: `TG-BENCH-${i}`, maxActiveCalls: 1 };
    if (which === "noop") {
        new Noop(`tg-${i}`, args);
    } else {
        new TrunkGroup(`tg-${i}`, args);
    }
}

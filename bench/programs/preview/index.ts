import * as pulumi from "@pulumi/pulumi";
import { TrunkGroup, getTrunkingCapacityOutput } from "pulumi-trunking";

/**
 * bench/preview.ts's program, copied into the benchmark's project. It adopts
 * the trunk groups the benchmark's simulator already has (TG0…TGn-1 in each
 * group, maxActiveCalls 10 + n), so setting the stack up writes nothing.
 * Stack config:
 *   trunking-bench:groups    how many groups (G00000, G00001, …)
 *   trunking-bench:perGroup  trunk groups per group
 *   trunking-bench:sp        the service provider
 *   trunking-bench:delta     added to every maxActiveCalls (0: nothing changes)
 *   trunking-bench:report    "true": the capacity report as the stack output
 *                            `capacity` (projected at preview)
 */
const cfg = new pulumi.Config();
const groups = cfg.requireNumber("groups");
const perGroup = cfg.requireNumber("perGroup");
const sp = cfg.require("sp");
const delta = cfg.requireNumber("delta");

const all: TrunkGroup[] = [];
for (let g = 0; g < groups; g++) {
    const groupId = `G${String(g).padStart(5, "0")}`;
    for (let t = 0; t < perGroup; t++) {
        all.push(new TrunkGroup(`${groupId}-TG${t}`, { serviceProviderId: sp, groupId, name: `TG${t}`, maxActiveCalls: 10 + t + delta, adoptExisting: true }));
    }
}

export const capacity = cfg.getBoolean("report") ? getTrunkingCapacityOutput({ serviceProviderId: sp }, { dependsOn: all }) : undefined;

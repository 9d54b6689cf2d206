import * as pulumi from "@pulumi/pulumi";
import { GroupTrunkingCapacity, TrunkGroup, getTrunkingCapacityOutput } from "pulumi-trunking";

/**
 * The quickstart: two groups, three trunk groups (one with SIP
 * authentication and a secret password), group G1's trunking call capacity
 * raised for them, and the capacity report of the service provider as a
 * stack output: at preview, the report as it will be after the change; after
 * `pulumi up`, the report taken once the capacity and trunk groups are applied.
 * Tests and `npm run demo` (without the Pulumi CLI) run the compiled index.js
 * through the test engine (tests/engine), exactly as `pulumi up` runs it.
 */
export function quickstart() {
    // Project namespace (trunking-quickstart:*), e.g. `pulumi config set --secret pbxASipPassword …`.
    const cfg = new pulumi.Config();
    const serviceProviderId = cfg.get("serviceProviderId") ?? "SP1";

    // G1 already gives 30 of its 50 calls to trunk groups of its own: raised to 70 for the 30 added here
    // (`pulumi config set g1MaxActiveCalls 80`, then `pulumi preview`, shows what a capacity change does).
    const g1Capacity = new GroupTrunkingCapacity("g1-capacity", {
        serviceProviderId,
        groupId: "G1",
        maxActiveCalls: cfg.getNumber("g1MaxActiveCalls") ?? 70,
    });

    // G1's trunk groups wait for its capacity: one `pulumi up` raises it, then adds them.
    const afterG1Capacity = { dependsOn: [g1Capacity] };
    const pbxA = new TrunkGroup(
        "pbx-a",
        {
            serviceProviderId,
            groupId: "G1",
            name: cfg.get("pbxAName") ?? "PBX A",
            maxActiveCalls: cfg.getNumber("pbxAMaxActiveCalls") ?? 20,
            requireAuthentication: true,
            sipAuthenticationUserName: "pbxa",
            sipAuthenticationPassword: cfg.requireSecret("pbxASipPassword"),
        },
        afterG1Capacity,
    );

    const pbxB = new TrunkGroup(
        "pbx-b",
        {
            serviceProviderId,
            groupId: "G1",
            name: "PBX B",
            maxActiveCalls: 10,
            enableBursting: true,
            burstingMaxActiveCalls: 5,
        },
        afterG1Capacity,
    );

    const sbc = new TrunkGroup("sbc-edge", {
        serviceProviderId,
        groupId: "G2",
        name: "SBC Edge",
        maxActiveCalls: 15,
        capacityExceededAction: "Forward",
        capacityExceededForwardAddress: "+15551230000",
        sendContinuousOptionsMessage: true,
    });

    const trunkGroups = [pbxA, pbxB, sbc];
    return {
        trunkGroups: trunkGroups.map((t) => ({ id: t.id, name: t.name, groupId: t.groupId, maxActiveCalls: t.maxActiveCalls })),
        capacity: getTrunkingCapacityOutput({ serviceProviderId }, { dependsOn: [g1Capacity, ...trunkGroups] }),
    };
}

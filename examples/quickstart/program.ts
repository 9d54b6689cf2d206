import * as pulumi from "@pulumi/pulumi";
import { TrunkGroup, getTrunkingCapacityOutput } from "pulumi-trunking";

/**
 * The quickstart: two groups, three trunk groups (one with SIP
 * authentication and a secret password), and the capacity report of the
 * service provider as a stack output, taken after the trunk groups are applied.
 * Tests and `npm run demo` (without the Pulumi CLI) run the compiled index.js
 * through the test engine (tests/engine), exactly as `pulumi up` runs it.
 */
export function quickstart() {
    // Project namespace (trunking-quickstart:*), e.g. `pulumi config set --secret pbxASipPassword …`.
    const cfg = new pulumi.Config();
    const serviceProviderId = cfg.get("serviceProviderId") ?? "SP1";

    const pbxA = new TrunkGroup("pbx-a", {
        serviceProviderId,
        groupId: "G1",
        name: cfg.get("pbxAName") ?? "PBX A",
        maxActiveCalls: cfg.getNumber("pbxAMaxActiveCalls") ?? 20,
        requireAuthentication: true,
        sipAuthenticationUserName: "pbxa",
        sipAuthenticationPassword: cfg.requireSecret("pbxASipPassword"),
    });

    const pbxB = new TrunkGroup("pbx-b", {
        serviceProviderId,
        groupId: "G1",
        name: "PBX B",
        maxActiveCalls: 10,
        enableBursting: true,
        burstingMaxActiveCalls: 5,
    });

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
        capacity: getTrunkingCapacityOutput({ serviceProviderId }, { dependsOn: trunkGroups }),
    };
}

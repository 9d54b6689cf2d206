import { TrunkGroup } from "pulumi-trunking";

/**
 * Adopting trunk groups that already exist in BroadWorks. The id is
 * serviceProviderId/groupId/name, each part URI-encoded. Declare the values the
 * trunk group has today: `pulumi up` then imports it without changing it (a
 * difference makes the import fail, and names the field). After that, edit the
 * program as usual. The SIP password cannot be read back: the one you declare
 * is taken as current and sent on the next change.
 */
export function adopt() {
    const tg1 = new TrunkGroup(
        "g1-tg1",
        { serviceProviderId: "SP1", groupId: "G1", name: "G1-TG1", maxActiveCalls: 20, pilotUserId: "g1.pilot@sp1.sim.example" },
        { import: "SP1/G1/G1-TG1" },
    );
    const g2tg1 = new TrunkGroup(
        "g2-tg1",
        { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1", maxActiveCalls: 30, maxIncomingCalls: 15, maxOutgoingCalls: 15 },
        { import: "SP1/G2/G2-TG1" },
    );
    return { adopted: [tg1.id, g2tg1.id] };
}

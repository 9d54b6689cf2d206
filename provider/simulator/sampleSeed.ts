import type { OdinSeed } from "./odin/types";

/**
 * What the Odin simulator holds when started without a seed. Tests and docs
 * rely on these exact values:
 *
 * - login admin / admin
 * - enterprise SP1, trunking capacity 100 (bursting 20), enterprise trunk ET1
 * - group G1, capacity 50 (bursting 10), users g1.pilot, g1.alice, g1.bob:
 *   - G1-TG1: maxActiveCalls 20, pilot user g1.pilot, hosts g1.pilot and g1.alice
 *   - G1-TG2: maxActiveCalls 10, bursting on (5), SIP authentication on
 * - group G2, capacity 30 (bursting 0), users g2.carol, g2.dave:
 *   - G2-TG1: maxActiveCalls 30, 15 incoming / 15 outgoing
 *
 * Everything not listed has the BroadWorks create defaults.
 */
export function sampleSeed(): OdinSeed {
    return {
        logins: [{ username: "admin", password: "admin" }],
        serviceProviders: [
            {
                serviceProviderId: "SP1",
                serviceProviderName: "Sample Enterprise",
                isEnterprise: true,
                trunkGroupCallCapacity: { maxActiveCalls: 100, burstingMaxActiveCalls: 20 },
                groups: [
                    {
                        groupId: "G1",
                        groupName: "Group One",
                        userLimit: 100,
                        trunkGroupCallCapacity: { maxActiveCalls: 50, burstingMaxActiveCalls: 10 },
                        users: [
                            { userId: "g1.pilot@sp1.sim.example", firstName: "Pilot", lastName: "One" },
                            { userId: "g1.alice@sp1.sim.example", firstName: "Alice", lastName: "Able" },
                            { userId: "g1.bob@sp1.sim.example", firstName: "Bob", lastName: "Baker" },
                        ],
                        trunkGroups: [
                            {
                                name: "G1-TG1",
                                maxActiveCalls: 20,
                                pilotUserId: "g1.pilot@sp1.sim.example",
                                users: ["g1.pilot@sp1.sim.example", "g1.alice@sp1.sim.example"],
                            },
                            {
                                name: "G1-TG2",
                                maxActiveCalls: 10,
                                enableBursting: true,
                                burstingMaxActiveCalls: 5,
                                requireAuthentication: true,
                                sipAuthenticationUserName: "g1-tg2",
                                sipAuthenticationPassword: "Sample-Passw0rd!",
                            },
                        ],
                    },
                    {
                        groupId: "G2",
                        groupName: "Group Two",
                        userLimit: 50,
                        trunkGroupCallCapacity: { maxActiveCalls: 30, burstingMaxActiveCalls: 0 },
                        users: [
                            { userId: "g2.carol@sp1.sim.example", firstName: "Carol", lastName: "Clark" },
                            { userId: "g2.dave@sp1.sim.example", firstName: "Dave", lastName: "Davis" },
                        ],
                        trunkGroups: [{ name: "G2-TG1", maxActiveCalls: 30, maxIncomingCalls: 15, maxOutgoingCalls: 15 }],
                    },
                ],
                enterpriseTrunks: [
                    {
                        enterpriseTrunkName: "ET1",
                        maximumRerouteAttempts: 3,
                        routeExhaustionAction: "None",
                        capacityManagement: { maximumActiveCalls: 40, enabled: true },
                        trunkGroups: [
                            { groupId: "G1", trunkGroupName: "G1-TG1" },
                            { groupId: "G2", trunkGroupName: "G2-TG1" },
                        ],
                    },
                ],
            },
        ],
    };
}

import type { OdinSeed } from "../../provider/simulator";
import { ODIN_PASSWORD, ODIN_USER } from "../engine/fixtures";
import type { RunSummary } from "../engine/types";

/** SP1 (100 calls, bursting 20) with G1 (50/10, two trunk groups taking 30) and G2 (30/0); NOSVC lacks the Trunk Group service. */
export function capacitySeed(): OdinSeed {
    return {
        logins: [{ username: ODIN_USER, password: ODIN_PASSWORD }],
        serviceProviders: [
            {
                serviceProviderId: "SP1",
                isEnterprise: true,
                trunkGroupCallCapacity: { maxActiveCalls: 100, burstingMaxActiveCalls: 20 },
                groups: [
                    {
                        groupId: "G1",
                        groupName: "Group One",
                        trunkGroupCallCapacity: { maxActiveCalls: 50, burstingMaxActiveCalls: 10 },
                        trunkGroups: [
                            { name: "TG-A", maxActiveCalls: 20 },
                            { name: "TG-B", maxActiveCalls: 10 },
                        ],
                    },
                    { groupId: "G2", groupName: "Group Two", trunkGroupCallCapacity: { maxActiveCalls: 30, burstingMaxActiveCalls: 0 } },
                    { groupId: "G3", groupName: "No Trunking", trunkGroupService: false },
                ],
            },
            { serviceProviderId: "NOSVC", trunkGroupService: false, groups: [{ groupId: "A", groupName: "A" }] },
        ],
    } as unknown as OdinSeed;
}

/** What the Odin resources wrote on the provider host's stderr at this level ("[pulumi-trunking odin warn] …"). */
export const hostLines = (s: RunSummary, level: "info" | "warn"): string[] =>
    s.diagnostics.filter((d) => d.severity === "info#err" && d.message.includes(`odin ${level}]`)).map((d) => d.message);

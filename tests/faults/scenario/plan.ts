/**
 * The program versions of the fault scenario, as pure data: which resources
 * a stack declares in each phase, with which arguments and secrets. Every
 * resource goes through create, then (for most) an update, a rename or both,
 * a refresh, and a delete (half by leaving the program, half by destroy).
 */
import type { ResourceSpec } from "../../engine/fixtures";

export const SCENARIO_SP = "SPF";
export const SCENARIO_GROUPS = ["GF1", "GF2", "GF3", "GF4"];

export interface ScenarioPlan {
    /** Program versions: created, then changed, then half removed (destroy removes the rest). */
    v1: ResourceSpec[];
    v2: ResourceSpec[];
    v3: ResourceSpec[];
    /** Secret stack config of the project (`trunking-test:<key>`): key -> value (SIP and trunk passwords). */
    secrets: Record<string, string>;
    /** Per resource (by URN name): what v2 does to it. */
    changes: Record<string, { update: boolean; rename: boolean }>;
}

/** Odin trunk group i, in one of six shapes so every kind of field takes part. */
function trunkGroup(i: number, secrets: Record<string, string>): ResourceSpec {
    const args: Record<string, unknown> = {
        serviceProviderId: SCENARIO_SP,
        groupId: SCENARIO_GROUPS[i % SCENARIO_GROUPS.length],
        name: `FT-${i}`,
        maxActiveCalls: 10 + (i % 7),
    };
    const spec: ResourceSpec = { kind: "TrunkGroup", name: `tg${i}`, args };
    switch (i % 6) {
        case 1:
            Object.assign(args, { maxIncomingCalls: 3, maxOutgoingCalls: 4 });
            break;
        case 2:
            Object.assign(args, { enableBursting: true, burstingMaxActiveCalls: 5 });
            break;
        case 3: {
            Object.assign(args, { requireAuthentication: true, sipAuthenticationUserName: `sip-user-${i}` });
            secrets[`sip${i}`] = `Sip-${i}-Scen#Pw`;
            spec.secrets = { sipAuthenticationPassword: `sip${i}` };
            break;
        }
        case 4:
            Object.assign(args, { invitationTimeout: 10, userLookupPolicy: "Extended" });
            break;
        case 5:
            Object.assign(args, { otgDtgIdentity: `otg-${i}`, trunkGroupIdentity: `tg${i}@scenario.example.com` });
            break;
    }
    return spec;
}

function webexTrunk(j: number, locations: readonly string[], secrets: Record<string, string>): ResourceSpec {
    const key = `wxpw${j}`;
    secrets[key] = `Wx${j}-Scen#Pw9a`;
    return {
        kind: "WebexTrunk",
        name: `wx${j}`,
        args: { name: `FS LGW ${j}`, locationId: locations[j % locations.length], trunkType: "REGISTERING", dualIdentitySupportEnabled: j % 2 === 0 },
        secrets: { password: key },
    };
}

const clone = (s: ResourceSpec): ResourceSpec => JSON.parse(JSON.stringify(s)) as ResourceSpec;

export function buildPlan(odinCount: number, webexCount: number, locations: readonly string[]): ScenarioPlan {
    const secrets: Record<string, string> = {};
    const changes: ScenarioPlan["changes"] = {};
    const v1: ResourceSpec[] = [];
    const v2: ResourceSpec[] = [];
    for (let i = 0; i < odinCount; i++) {
        const first = trunkGroup(i, secrets);
        const next = clone(first);
        const a = next.args;
        const rename = i % 4 === 1;
        const update = i % 3 === 0 || (i % 6 === 1 && i % 4 === 3) || (i % 12 === 3);
        if (rename) {
            a.name = `FT-${i}-R`;
        }
        if (i % 3 === 0) {
            a.maxActiveCalls = (a.maxActiveCalls as number) + 5;
            a.invitationTimeout = 12;
        }
        if (i % 6 === 1 && i % 4 === 3) {
            delete a.maxOutgoingCalls; // removing a field resets (clears) it
        }
        if (i % 12 === 3) {
            const key = `sip${i}r`;
            secrets[key] = `Sip-${i}-Rot#Pw2`;
            next.secrets = { sipAuthenticationPassword: key };
        }
        changes[first.name] = { update, rename };
        v1.push(first);
        v2.push(next);
    }
    for (let j = 0; j < webexCount; j++) {
        const first = webexTrunk(j, locations, secrets);
        const next = clone(first);
        const rename = j % 3 === 0;
        const update = j % 3 === 1 || j % 4 === 2;
        if (rename) {
            next.args.name = `FS LGW ${j} R`;
        }
        if (j % 3 === 1) {
            next.args.dualIdentitySupportEnabled = !(first.args.dualIdentitySupportEnabled as boolean);
        }
        if (j % 4 === 2) {
            const key = `wxpw${j}r`;
            secrets[key] = `Wx${j}-Rot#Pw8b`;
            next.secrets = { password: key };
        }
        changes[first.name] = { update, rename };
        v1.push(first);
        v2.push(next);
    }
    const v3 = v2.filter((_, k) => k % 2 === 0);
    return { v1, v2, v3, secrets, changes };
}

/**
 * Seeds for adoption: trunk groups and Webex trunks that use every kind of
 * field, as carriers' systems hold them, so discovery and adoption meet each
 * one (nested keys, pilot users, numeric-looking strings, bursting, SIP
 * authentication, forward and reroute actions, access devices, departments,
 * IMS policies, names that collide once made into Pulumi names). Deterministic:
 * the same count gives the same data. Shared by the adoption tests and
 * bench/discover.ts.
 */
import type { OdinSeed, SeedGroup, SeedTrunkGroup, WebexSeed } from "../../provider/simulator";

export const VARIED_SP = "SPX";
export const VARIED_LOGIN = { username: "adopt-admin", password: "Adopt-Api-Passw0rd" };

/** The SIP password seeded on trunk group `name` of `groupId` (authentication on every fifth). */
export function sipPasswordOf(groupId: string, name: string): string {
    return `Sip-${groupId}-${name.replace(/[^A-Za-z0-9]/g, "")}-9x`;
}

const PER_GROUP = 25;

/**
 * `count` trunk groups of service provider SPX, PER_GROUP to a group, plus a
 * group without the Trunk Group service and one with no trunk groups.
 */
export function variedOdinSeed(count: number): OdinSeed {
    const groups: SeedGroup[] = [];
    const groupCount = Math.ceil(count / PER_GROUP);
    for (let g = 0; g < groupCount; g++) {
        // Numeric-looking group ids come back from Odin as numbers in places.
        const groupId = g % 3 === 2 ? String(1000 + g) : `G${String(g).padStart(3, "0")}`;
        const size = Math.min(PER_GROUP, count - g * PER_GROUP);
        const users = Array.from({ length: size }, (_, t) => ({ userId: `u${t}.${groupId.toLowerCase()}@spx.example`, firstName: `User${t}`, lastName: String(t + 1) }));
        const trunkGroups: SeedTrunkGroup[] = [];
        for (let t = 0; t < size; t++) {
            trunkGroups.push(variedTrunkGroup(groupId, t, trunkGroups[0]?.name, users[t].userId));
        }
        groups.push({
            groupId,
            groupName: g % 2 === 0 ? `Group ${g}` : groupId,
            userLimit: 1000,
            trunkGroupCallCapacity: { maxActiveCalls: 5000, burstingMaxActiveCalls: 500 },
            users,
            accessDevices: [{ deviceName: `sbc-${groupId.toLowerCase()}`, deviceType: "Generic SIP Trunking Device" }],
            departments: [{ name: "Sales" }, { name: "1234" }],
            trunkGroups,
        });
    }
    groups.push({ groupId: "NOSVC", groupName: "No trunking", trunkGroupService: false });
    groups.push({ groupId: "EMPTY", groupName: "No trunk groups", trunkGroupCallCapacity: { maxActiveCalls: 10, burstingMaxActiveCalls: 0 } });
    return {
        logins: [VARIED_LOGIN],
        serviceProviders: [
            {
                serviceProviderId: VARIED_SP,
                serviceProviderName: "Adoption Enterprise",
                isEnterprise: true,
                trunkGroupCallCapacity: { maxActiveCalls: 1_000_000, burstingMaxActiveCalls: 100_000 },
                accessDevices: [{ deviceName: "sp-edge", deviceType: "Generic SIP Trunking Device" }],
                departments: [{ name: "Operations" }],
                groups,
            },
        ],
        systemAccessDevices: [{ deviceName: "system-sbc", deviceType: "Generic SIP Trunking Device" }],
    };
}

/** The t-th trunk group of a group: its name and each field kind chosen by t, so every kind recurs. */
function variedTrunkGroup(groupId: string, t: number, firstName: string | undefined, userId: string): SeedTrunkGroup {
    // Names: plain, spaced, numeric-looking, accented, and pairs that slug alike ("PBX 7" / "pbx-7").
    const names = [`TG-${t}`, `PBX ${t}`, String(2000 + t), `Zürich ${t}`, `pbx-${t - 3}`];
    const name = t === 0 ? `${groupId}-MAIN` : names[t % names.length];
    const tg: SeedTrunkGroup = { name, maxActiveCalls: 10 + (t % 40) };
    if (t % 3 === 0) {
        tg.maxIncomingCalls = 5 + (t % 5);
        tg.maxOutgoingCalls = 4 + (t % 6);
    }
    if (t % 4 === 1) {
        tg.enableBursting = true;
        tg.burstingMaxActiveCalls = 5 + (t % 7);
        tg.burstingMaxIncomingCalls = 2;
        tg.burstingMaxOutgoingCalls = 3;
    }
    if (t % 5 === 2) {
        tg.requireAuthentication = true;
        tg.sipAuthenticationUserName = `sip-${groupId.toLowerCase()}-${t}`;
        tg.sipAuthenticationPassword = sipPasswordOf(groupId, name);
    }
    if (t % 6 === 3) {
        tg.users = [userId];
        tg.pilotUserId = userId;
        tg.pilotUserCallingLineIdentityForExternalCallsPolicy = "All Originating Calls";
        tg.pilotUserChargeNumberPolicy = "Unscreened Originating Calls";
    }
    if (t % 7 === 4) {
        // Numeric-looking strings: Odin answers them as numbers.
        tg.capacityExceededAction = "Forward";
        tg.capacityExceededForwardAddress = String(5550100 + t);
        tg.prefixEnabled = true;
        tg.prefix = String(90 + t);
        tg.otgDtgIdentity = String(7000 + t);
    }
    if (t % 8 === 5 && firstName !== undefined) {
        // Nested keys: reroute to the group's first trunk group.
        tg.unreachableDestinationAction = "Reroute";
        tg.unreachableDestinationRerouteTrunkGroupKey = { serviceProviderId: VARIED_SP, groupId, name: firstName };
        tg.callForwardingAlwaysAction = "Forward";
        tg.callForwardingAlwaysForwardAddress = `+1555${String(t).padStart(4, "0")}`;
    }
    if (t % 9 === 6) {
        tg.department = { serviceProviderId: VARIED_SP, groupId, name: t % 2 === 0 ? "1234" : "Sales" };
        tg.accessDevice = { deviceLevel: "Group", deviceName: `sbc-${groupId.toLowerCase()}` };
    }
    if (t % 10 === 7) {
        tg.accessDevice = { deviceLevel: "System", deviceName: "system-sbc" };
        tg.trunkGroupIdentity = `tg${t}@${groupId.toLowerCase()}.spx.example`;
        tg.includeTrunkGroupIdentity = true;
        tg.allowTerminationToTrunkGroupIdentity = true;
    }
    if (t % 11 === 8) {
        tg.invitationTimeout = 12;
        tg.userLookupPolicy = "Extended";
        tg.useSystemUserLookupPolicy = false;
        tg.clidSourceForScreenedCallsPolicy = "Received Name Profile Number";
        tg.routeToPeeringDomain = true;
        tg.peeringDomain = "peer.spx.example";
    }
    if (t % 12 === 9) {
        tg.sendContinuousOptionsMessage = true;
        tg.continuousOptionsSendingIntervalSeconds = 60;
        tg.failureThresholdCounter = 3;
        tg.implicitRegistrationSetSupportPolicy = "Enabled";
        tg.useSystemImplicitRegistrationSetSupportPolicy = false;
        tg.statefulReroutingEnabled = true;
    }
    return tg;
}

export const WEBEX_TOKEN = "wx-ADOPT-token-7e41";
export const WEBEX_LOCATIONS = [
    { id: "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL2JlcmxpbjE", name: "Berlin" },
    { id: "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL2R1YmxpbjE", name: "Dublin" },
    { id: "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL29zbG8wMDE", name: "Oslo" },
];

/** The password seeded on Webex trunk `name`. */
export function trunkPasswordOf(name: string): string {
    return `Trk-${name.replace(/[^A-Za-z0-9]/g, "")}-Pw9#`;
}

/**
 * `count` premise trunks over three locations: REGISTERING ones and
 * certificate-based ones with an FQDN and port, with each optional setting
 * varied; with `srv`, also certificate-based ones addressed by DNS SRV (no port).
 */
export function variedWebexSeed(count: number, opts: { srv?: boolean } = {}): WebexSeed {
    const kinds = opts.srv ? 3 : 2;
    const trunks = Array.from({ length: count }, (_, i) => {
        const location = WEBEX_LOCATIONS[i % WEBEX_LOCATIONS.length];
        const kind = i % kinds;
        const name = kind === 0 ? `${location.name} LGW ${i}` : kind === 1 ? `SBC ${i}` : `SRV ${i}`;
        const common = {
            name,
            locationId: location.id,
            password: trunkPasswordOf(name),
            ...(i % 4 === 1 ? { dualIdentitySupportEnabled: true } : {}),
            ...(i % 5 === 2 ? { pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" as const } : {}),
        };
        if (kind === 0) {
            return { ...common, trunkType: "REGISTERING" as const };
        }
        return {
            ...common,
            trunkType: "CERTIFICATE_BASED" as const,
            deviceType: "Cisco Unified Border Element",
            address: `sbc${i}.${location.name.toLowerCase()}.example.com`,
            domain: `${location.name.toLowerCase()}.example.com`,
            ...(kind === 1 ? { port: 5061 + (i % 3) } : {}),
            maxConcurrentCalls: 250 + i,
        };
    });
    return { locations: WEBEX_LOCATIONS.map((l) => ({ ...l })), trunks };
}

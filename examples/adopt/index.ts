// Adopting trunk groups that already exist in BroadWorks, with the Pulumi CLI: a Pulumi project of its
// own (README.md beside this file has the commands), run against the Odin simulator's sample data.
// For your own system, `trunking-discover odin --service-provider SP --out DIR` writes a program like this
// one for every trunk group, exactly as it is today.
import * as pulumi from "@pulumi/pulumi";
import { TrunkGroup } from "pulumi-trunking";

const config = new pulumi.Config();

/**
 * Create takes over a trunk group that already exists with this service
 * provider, group and name, if it already has every value declared here;
 * otherwise `pulumi up` fails before changing anything and names each
 * difference with both values. Once adopted the flag changes nothing.
 */
const adoptExisting = true;

const g1tg1 = new TrunkGroup("g1-tg1", {
    adoptExisting,
    serviceProviderId: "SP1",
    groupId: "G1",
    name: "G1-TG1",
    maxActiveCalls: 20,
    pilotUserId: "g1.pilot@sp1.sim.example",
});

// BroadWorks never returns the SIP password: adopting neither compares nor sends it.
// The trunk group keeps its password until this value changes (or with adoptExisting: "apply").
const g1tg2 = new TrunkGroup("g1-tg2", {
    adoptExisting,
    serviceProviderId: "SP1",
    groupId: "G1",
    name: "G1-TG2",
    maxActiveCalls: 10,
    enableBursting: true,
    burstingMaxActiveCalls: 5,
    requireAuthentication: true,
    sipAuthenticationUserName: "g1-tg2",
    sipAuthenticationPassword: config.requireSecret("g1Tg2SipPassword"),
});

// "apply": adopt it and give it the program's values in one sparse update (here 20 incoming calls instead of 15).
const g2tg1 = new TrunkGroup("g2-tg1", {
    adoptExisting: "apply",
    serviceProviderId: "SP1",
    groupId: "G2",
    name: "G2-TG1",
    maxActiveCalls: 30,
    maxIncomingCalls: 20,
    maxOutgoingCalls: 15,
});

export const adopted = [g1tg1.id, g1tg2.id, g2tg1.id];

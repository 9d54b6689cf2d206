import * as pulumi from "@pulumi/pulumi";
import { TrunkGroup, WebexTrunk, getTrunkingCapacityOutput } from "pulumi-trunking";

// One program, both kinds of trunk: a BroadWorks trunk group for the hosted
// PBX and a Webex Calling local-gateway trunk for the same customer site.
// Settings: odin:* and webex:* stack config (README.md beside this file has the commands).
const cfg = new pulumi.Config();

const pbx = new TrunkGroup("site-pbx", {
    serviceProviderId: "SP1",
    groupId: "G1",
    name: "Site PBX",
    maxActiveCalls: 8,
    requireAuthentication: true,
    sipAuthenticationUserName: "sitepbx",
    sipAuthenticationPassword: cfg.requireSecret("sitePbxSipPassword"),
});

const lgw = new WebexTrunk("site-lgw", {
    name: "Site LGW",
    locationId: cfg.require("webexLocationId"),
    password: cfg.requireSecret("siteLgwPassword"),
    trunkType: "REGISTERING",
    dualIdentitySupportEnabled: true,
});

export const trunkGroupId = pbx.id;
export const webexTrunkId = lgw.id;
// What the CUBE needs for its registration config.
export const lgwLinePort = lgw.linePort;
export const lgwOtgDtgId = lgw.otgDtgId;
export const capacity = getTrunkingCapacityOutput({ serviceProviderId: "SP1", groupIds: ["G1"] }, { dependsOn: [pbx] });

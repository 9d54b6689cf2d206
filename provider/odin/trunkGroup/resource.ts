import type * as pulumi from "@pulumi/pulumi";
import { KitResource } from "../../kit/resource";
import type { HostedUser, TrunkGroupSettings, TrunkGroupState } from "../types";
import { TRUNK_GROUP } from "./schema";

type Inputs<T> = { [K in keyof T]?: pulumi.Input<Exclude<T[K], undefined>> };

/**
 * A BroadWorks group trunk group. Identity: serviceProviderId + groupId +
 * name. Changing serviceProviderId or groupId replaces the trunk group;
 * changing name renames it in place. Every other field updates in place.
 * Fields left out keep the create defaults of odins_spear (seed 001); removing
 * a field you set earlier resets it to the BroadWorks default or clears it.
 */
export interface TrunkGroupArgs extends Inputs<Omit<TrunkGroupSettings, "maxActiveCalls" | "sipAuthenticationPassword">> {
    serviceProviderId: pulumi.Input<string>;
    groupId: pulumi.Input<string>;
    /** 1–30 characters; a change renames the trunk group in place. */
    name: pulumi.Input<string>;
    /** At least 1 and within the group's trunking call capacity. */
    maxActiveCalls: pulumi.Input<number>;
    /** Write-only upstream; always stored as a Pulumi secret. Required when requireAuthentication is true. */
    sipAuthenticationPassword?: pulumi.Input<string>;
    /**
     * Take over a trunk group that already exists with this service provider,
     * group and name, instead of failing: `true` only when it already has every
     * declared value (otherwise the create fails before any change, naming each
     * difference); `"apply"` gives it the program's values, the SIP password
     * included, with one update. Only create looks at it: it never shows a change.
     * Default: stack config `odin:adoptExisting`, else off.
     */
    adoptExisting?: pulumi.Input<boolean | "apply">;
}

export class TrunkGroup extends KitResource {
    // `declare`: with ES2022 class fields a plain declaration would reset the
    // outputs the Resource constructor has just set.
    declare readonly serviceProviderId: pulumi.Output<string>;
    declare readonly groupId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly maxActiveCalls: pulumi.Output<number>;
    declare readonly enableBursting: pulumi.Output<boolean | undefined>;
    declare readonly burstingMaxActiveCalls: pulumi.Output<number | null | undefined>;
    declare readonly requireAuthentication: pulumi.Output<boolean>;
    declare readonly sipAuthenticationUserName: pulumi.Output<string | null | undefined>;
    declare readonly sipAuthenticationPassword: pulumi.Output<string | undefined>;
    declare readonly pilotUserId: pulumi.Output<string | null | undefined>;
    /** Read-only: Available / Unavailable (stateful rerouting). */
    declare readonly trunkGroupState: pulumi.Output<TrunkGroupState | null>;
    declare readonly totalActiveIncomingCalls: pulumi.Output<number | null>;
    declare readonly totalActiveOutgoingCalls: pulumi.Output<number | null>;
    /** Read-only: hosted users on the trunk group. */
    declare readonly users: pulumi.Output<HostedUser[] | null>;

    constructor(name: string, args: TrunkGroupArgs, opts?: pulumi.CustomResourceOptions) {
        super(TRUNK_GROUP, name, args, opts);
    }
}

import type * as pulumi from "@pulumi/pulumi";
import { setDeclaredOption } from "../../kit/declared";
import { ResourceArgs, resourceClass } from "../../kit/resource";
import { GROUP_CAPACITY, GroupTrunkingCapacityInputs, GroupTrunkingCapacityOutputs } from "./schema";

/**
 * A GroupTrunkingCapacity's arguments: the group (serviceProviderId,
 * groupId), maxActiveCalls and/or burstingMaxActiveCalls, and what destroy
 * does (`restoreOnDelete`).
 */
export type GroupTrunkingCapacityArgs = Omit<ResourceArgs<GroupTrunkingCapacityInputs>, "adoptExisting"> & {
    /**
     * The group's trunk groups may together take more calls than this
     * capacity, deliberately: the stack's `odin:oversubscription` policy says
     * nothing about this group (never sent to BroadWorks).
     */
    allowOversubscription?: pulumi.Input<boolean>;
};

const Base = resourceClass<Omit<GroupTrunkingCapacityArgs, "allowOversubscription">, GroupTrunkingCapacityInputs & GroupTrunkingCapacityOutputs>(GROUP_CAPACITY);

/**
 * A group's trunking call capacity: its share of the service provider's, which
 * its trunk groups draw on. The group always exists, so create takes over its
 * settings (reading what is there, then one PUT of the declared values) and
 * destroy leaves them as they are, unless `restoreOnDelete: true` puts back
 * the values found at create. Each value must fit the ceiling the service
 * provider hands down; check says so before anything is written. TrunkGroups
 * that need the new capacity list this resource in their `dependsOn`.
 */
export class GroupTrunkingCapacity extends Base {
    constructor(name: string, args: GroupTrunkingCapacityArgs, opts?: pulumi.CustomResourceOptions) {
        const { allowOversubscription, ...rest } = args ?? ({} as GroupTrunkingCapacityArgs);
        super(name, rest, opts);
        setDeclaredOption(this, "allowOversubscription", allowOversubscription);
    }
}

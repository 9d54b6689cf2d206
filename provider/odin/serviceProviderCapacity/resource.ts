import type * as pulumi from "@pulumi/pulumi";
import { setDeclaredOption } from "../../kit/declared";
import { ResourceArgs, resourceClass } from "../../kit/resource";
import { SERVICE_PROVIDER_CAPACITY, ServiceProviderTrunkingCapacityInputs } from "./schema";

/**
 * A ServiceProviderTrunkingCapacity's arguments: serviceProviderId,
 * maxActiveCalls and/or burstingMaxActiveCalls (-1: unlimited), and what
 * destroy does (`restoreOnDelete`).
 */
export type ServiceProviderTrunkingCapacityArgs = Omit<ResourceArgs<ServiceProviderTrunkingCapacityInputs>, "adoptExisting"> & {
    /**
     * The groups may together be given more calls than this capacity,
     * deliberately: the stack's `odin:oversubscription` policy says nothing
     * about the service provider's total (never sent to BroadWorks).
     */
    allowOversubscription?: pulumi.Input<boolean>;
};

const Base = resourceClass<Omit<ServiceProviderTrunkingCapacityArgs, "allowOversubscription">, ServiceProviderTrunkingCapacityInputs>(SERVICE_PROVIDER_CAPACITY);

/**
 * A service provider's (or enterprise's) trunking call capacity: the ceiling
 * of each of its groups' capacities. The service provider always exists, so
 * create takes over its settings (reading what is there, then one PUT of the
 * declared values) and destroy leaves them as they are, unless
 * `restoreOnDelete: true` puts back the values found at create. -1 is
 * unlimited. GroupTrunkingCapacities that need the new ceiling list this
 * resource in their `dependsOn`.
 */
export class ServiceProviderTrunkingCapacity extends Base {
    constructor(name: string, args: ServiceProviderTrunkingCapacityArgs, opts?: pulumi.CustomResourceOptions) {
        const { allowOversubscription, ...rest } = args ?? ({} as ServiceProviderTrunkingCapacityArgs);
        super(name, rest, opts);
        setDeclaredOption(this, "allowOversubscription", allowOversubscription);
    }
}

/**
 * `pulumi-trunking/dynamic`: the one entry the serialized providers load.
 *
 * Every resource's provider text in a stack's state requires this module and
 * calls `load(kind)`, inside the engine's dynamic-provider host, for as long as
 * the stack exists. Its path and the signature of `load` must never move or
 * change; everything behind it may. A kind this version does not know means the
 * state was written by a newer pulumi-trunking.
 */
import "./util/nodeCheck";
import type * as pulumi from "@pulumi/pulumi";
import { handlers as groupCapacity } from "./odin/groupCapacity/handlers";
import { GROUP_CAPACITY } from "./odin/groupCapacity/schema";
import { handlers as serviceProviderCapacity } from "./odin/serviceProviderCapacity/handlers";
import { SERVICE_PROVIDER_CAPACITY } from "./odin/serviceProviderCapacity/schema";
import { handlers as enterpriseTrunk } from "./odin/enterpriseTrunk/handlers";
import { ENTERPRISE_TRUNK } from "./odin/enterpriseTrunk/schema";
import { handlers as trunkGroup } from "./odin/trunkGroup/handlers";
import { TRUNK_GROUP } from "./odin/trunkGroup/schema";
import { handlers as webexTrunk } from "./webex/trunk/handlers";
import { WEBEX_TRUNK } from "./webex/trunk/schema";

const KINDS: Readonly<Record<string, Required<pulumi.dynamic.ResourceProvider>>> = {
    [TRUNK_GROUP.kind]: trunkGroup,
    [GROUP_CAPACITY.kind]: groupCapacity,
    [SERVICE_PROVIDER_CAPACITY.kind]: serviceProviderCapacity,
    [WEBEX_TRUNK.kind]: webexTrunk,
    [ENTERPRISE_TRUNK.kind]: enterpriseTrunk,
};

/** Every kind this version knows, in declaration order (the provider plugin serves each). */
export function kinds(): string[] {
    return Object.keys(KINDS);
}

/** The handlers of one resource kind (`module:type`, e.g. "odin:TrunkGroup"). */
export function load(kind: string): Required<pulumi.dynamic.ResourceProvider> {
    if (typeof kind !== "string" || !Object.prototype.hasOwnProperty.call(KINDS, kind)) {
        const { version } = require("../../package.json") as { version: string };
        throw new Error(
            `pulumi-trunking ${version} has no resource kind ${JSON.stringify(kind)} (it knows ${Object.keys(KINDS).join(", ")}). ` +
                "The stack's state was written by a newer pulumi-trunking: upgrade it in the Pulumi project (`npm install pulumi-trunking@latest` next to Pulumi.yaml).",
        );
    }
    return KINDS[kind];
}

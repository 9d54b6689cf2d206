import type { AdoptSetting } from "../../kit/adopt";
import { ResourceArgs, resourceClass } from "../../kit/resource";
import { WEBEX_TRUNK, WebexTrunkInputs, WebexTrunkOutputs } from "./schema";

/**
 * A WebexTrunk's arguments. Fields left out keep whatever Webex chose and
 * never show a diff. `adoptExisting` takes over a trunk that already exists
 * with this exact name in the org (or the trunk `{ id }` names; default:
 * stack config `webex:adoptExisting`). Connection settings come from stack
 * config `webex:accessToken` (secret), `webex:baseUrl`, `webex:orgId` or the
 * WEBEX_ACCESS_TOKEN, WEBEX_BASE_URL and WEBEX_ORG_ID environment variables.
 */
export type WebexTrunkArgs = ResourceArgs<WebexTrunkInputs, AdoptSetting>;

export type { WebexTrunkOutputs };

/**
 * A Webex Calling premise-PSTN trunk (local gateway). Changing locationId,
 * trunkType, deviceType, address, domain, port or orgId replaces the trunk
 * (Webex cannot change them); name, password, dualIdentitySupportEnabled,
 * maxConcurrentCalls and pChargeInfoSupportPolicy update in place.
 */
export const WebexTrunk = resourceClass<WebexTrunkArgs, WebexTrunkOutputs>(WEBEX_TRUNK);
export type WebexTrunk = InstanceType<typeof WebexTrunk>;

/** Which keys a Webex seed may hold, level by level (types.ts documents each). */
import { leaf, list, ObjectShape } from "../seedKeys";

const route: ObjectShape = { type: leaf, id: leaf };

export const WEBEX_SEED_SHAPE: ObjectShape = {
    orgId: leaf,
    orgName: leaf,
    verifiedDomains: leaf,
    locations: list({
        id: leaf,
        name: leaf,
        sipPasswordPolicy: {
            minLength: leaf,
            maxLength: leaf,
            minDigits: leaf,
            minUpperCaseLetters: leaf,
            minLowerCaseLetters: leaf,
            minNonAlphanumericCharacters: leaf,
            disallowTrunkName: leaf,
        },
        pstnConnection: route,
        callToExtension: route,
    }),
    trunks: list({
        id: leaf,
        name: leaf,
        locationId: leaf,
        password: leaf,
        trunkType: leaf,
        deviceType: leaf,
        address: leaf,
        domain: leaf,
        port: leaf,
        maxConcurrentCalls: leaf,
        dualIdentitySupportEnabled: leaf,
        pChargeInfoSupportPolicy: leaf,
        status: leaf,
        inUse: leaf,
        isRestrictedToDedicatedInstance: leaf,
        partial: { code: leaf, asList: leaf },
    }),
    routeGroups: list({ id: leaf, name: leaf, localGateways: list({ id: leaf, priority: leaf }) }),
    dialPlans: list({ id: leaf, name: leaf, routeType: leaf, routeId: leaf }),
    trunkTypes: list({ trunkType: leaf, deviceTypes: list({ deviceType: leaf, minConcurrentCalls: leaf, maxConcurrentCalls: leaf }) }),
};

/** Which keys an Odin seed may hold, level by level (types.ts documents each). */
import { leaf, list, listOfLeafOr, ObjectShape } from "../seedKeys";
import { PROFILE_FIELDS } from "./fields";

const capacity: ObjectShape = { maxActiveCalls: leaf, burstingMaxActiveCalls: leaf };
const device: ObjectShape = { deviceName: leaf, deviceType: leaf };
const department: ObjectShape = { name: leaf };
const user: ObjectShape = {
    userId: leaf,
    firstName: leaf,
    lastName: leaf,
    department: leaf,
    phoneNumber: leaf,
    hiraganaLastName: leaf,
    hiraganaFirstName: leaf,
    extension: leaf,
    emailAddress: leaf,
};
const key: ObjectShape = { serviceProviderId: leaf, groupId: leaf, name: leaf };
const objectFields: Record<string, ObjectShape> = {
    trunkGroupKey: key,
    department: { serviceProviderId: leaf, groupId: leaf, name: leaf },
    accessDevice: { deviceLevel: leaf, deviceName: leaf, serviceProviderId: leaf, groupId: leaf },
};
const trunkGroup: ObjectShape = {
    name: leaf,
    users: listOfLeafOr(user),
    ...Object.fromEntries(Object.entries(PROFILE_FIELDS).map(([k, def]) => [k, objectFields[def.type] ?? leaf])),
};

export const ODIN_SEED_SHAPE: ObjectShape = {
    logins: list({ username: leaf, password: leaf, loginType: leaf, serviceProviderId: leaf, groupId: leaf, resellerId: leaf, readOnly: leaf }),
    systemAccessDevices: list(device),
    serviceProviders: list({
        serviceProviderId: leaf,
        serviceProviderName: leaf,
        isEnterprise: leaf,
        trunkGroupCallCapacity: capacity,
        trunkGroupService: leaf,
        resellerId: leaf,
        accessDevices: list(device),
        departments: list(department),
        groups: list({
            groupId: leaf,
            groupName: leaf,
            userLimit: leaf,
            trunkGroupService: leaf,
            trunkGroupCallCapacity: capacity,
            trunkGroups: list(trunkGroup),
            users: list(user),
            accessDevices: list(device),
            departments: list(department),
        }),
        enterpriseTrunks: list({
            enterpriseTrunkName: leaf,
            groupId: leaf,
            maximumRerouteAttempts: leaf,
            routeExhaustionAction: leaf,
            routeExhaustionForwardAddress: leaf,
            orderedRouting: { orderingAlgorithm: leaf },
            priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: leaf },
            capacityManagement: { maximumActiveCalls: leaf, enabled: leaf },
            trunkGroups: list({ groupId: leaf, trunkGroupName: leaf, priority: leaf, weight: leaf }),
        }),
    }),
};

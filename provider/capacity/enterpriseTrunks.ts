import type { OdinClient } from "../odin/client";
import type { EnterpriseTrunk } from "../odin/types";
import { mapBounded } from "./pool";
import { isFullEnterpriseTrunk } from "./rules";

/**
 * The enterprise trunks of a service provider or enterprise, with their
 * capacity-management limits. An enterprise keeps them at enterprise level
 * (/service-providers/enterprise-trunks), a service provider in its groups
 * (/groups/enterprise-trunks); when the server does not say which it is, both
 * are asked. The real lists are summaries, so each trunk's details are
 * fetched, concurrently; a list of full records is used as it is.
 */
export async function fetchEnterpriseTrunks(
    client: OdinClient,
    serviceProviderId: string,
    isEnterprise: boolean | undefined,
    groupIds: readonly string[],
    workers: number,
): Promise<EnterpriseTrunk[]> {
    const [top, perGroup] = await Promise.all([
        isEnterprise === false ? [] : enterpriseLevel(client, serviceProviderId),
        isEnterprise === true ? [] : mapBounded(groupIds, workers, (groupId) => groupLevel(client, serviceProviderId, groupId)),
    ]);
    return [...top, ...perGroup.flat()];
}

async function enterpriseLevel(client: OdinClient, serviceProviderId: string): Promise<EnterpriseTrunk[]> {
    const list = await client.listEnterpriseTrunks(serviceProviderId);
    return Promise.all(
        list.map((t) => (isFullEnterpriseTrunk(t) ? t : client.getEnterpriseTrunk(serviceProviderId, String(t.enterpriseTrunkName)))),
    );
}

async function groupLevel(client: OdinClient, serviceProviderId: string, groupId: string): Promise<EnterpriseTrunk[]> {
    const list = await client.listGroupEnterpriseTrunks(serviceProviderId, groupId);
    const details = await Promise.all(
        list.map((t) => (isFullEnterpriseTrunk(t) ? t : client.getGroupEnterpriseTrunk(serviceProviderId, groupId, String(t.enterpriseTrunkName)))),
    );
    // The group is known from the question even where the answer leaves it out.
    return details.map((d) => (d.groupId === undefined ? { ...d, groupId } : d));
}

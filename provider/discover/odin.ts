import { DEFAULT_WORKERS, FetchedCapacity, fetchCapacity } from "../capacity/fetch";
import { Limiter } from "../http/limiter";
import { OdinClient } from "../odin/client";
import { isNotFound } from "../odin/errors";
import { answerProblem } from "../kit/answers";
import { idOf } from "../kit/schema";
import { TRUNK_GROUP } from "../odin/trunkGroup/schema";
import type { EnterpriseTrunk, TrunkGroupKey, TrunkGroupProfile } from "../odin/types";
import type { DiscoveredResource, Discovery } from "./model";
import { byKey, projectName, slug, trunkGroupBase, uniqueNames } from "./names";
import { declareEnterpriseTrunk } from "./enterpriseTrunkDeclare";
import { declareTrunkGroup } from "./odinDeclare";

export interface OdinDiscoverOptions {
    serviceProviderId: string;
    /** Only these groups; each must exist. */
    groupIds?: string[];
    /** Requests in flight at once. */
    concurrency?: number;
    useReportEndpoint?: boolean;
    project?: string;
    /** The base URL and user to write into the README's config commands (never the password). */
    baseUrl: string;
    username: string;
    /** The command line, for the README (no credentials). */
    command: string;
    onProgress?: (phase: "groups" | "trunk groups", done: number, total: number) => void;
}

/**
 * Every trunk group of a service provider (or some of its groups) as a
 * program would declare it. The groups and trunk-group names come from the
 * capacity fetch (the one-call report where the server has it, the per-group
 * calls otherwise, concurrently); then each trunk group's profile is read
 * once, with the same bound on requests in flight.
 */
export async function discoverOdin(client: OdinClient, opts: OdinDiscoverOptions): Promise<Discovery> {
    const concurrency = opts.concurrency ?? DEFAULT_WORKERS;
    const profiles = rememberingProfiles(client);
    let fetched: FetchedCapacity;
    try {
        fetched = await fetchCapacity(profiles.client, opts.serviceProviderId, {
            groupIds: opts.groupIds,
            includeEnterpriseTrunks: true,
            workers: concurrency,
            useReportEndpoint: opts.useReportEndpoint,
            onProgress: (done, total) => opts.onProgress?.("groups", done, total),
        });
    } catch (e) {
        if (isNotFound(e)) {
            throw new Error(`service provider ${JSON.stringify(opts.serviceProviderId)} was not found on ${opts.baseUrl} (${(e as Error).message}); check --service-provider`);
        }
        const text = e instanceof Error ? e.message : "";
        if (opts.groupIds && text.startsWith("groupIds: ")) {
            // The capacity fetch names its own argument; say it in the command's words.
            throw new Error(`--group ${text.slice("groupIds: ".length)}; the service provider's groups are listed by \`trunking-capacity -s ${opts.serviceProviderId}\``);
        }
        throw e;
    }
    // With a group filter the fetch still totals every group (the capacity report's rule); discovery wants only those named.
    const wanted = opts.groupIds ? new Set(opts.groupIds) : undefined;
    const groups = wanted ? fetched.groups.filter((g) => wanted.has(g.groupId)) : fetched.groups;
    const keys: TrunkGroupKey[] = groups.flatMap((g) => g.trunkGroups.map((t) => ({ serviceProviderId: opts.serviceProviderId, groupId: g.groupId, name: t.name })));
    if (keys.length === 0) {
        const where =
            groups.length === 0
                ? "it has no groups"
                : `groups ${groups.map((g) => (g.capacity === null ? `${g.groupId} (no Trunk Group service)` : g.groupId)).join(", ")} have none`;
        throw new Error(`no trunk groups found in service provider ${opts.serviceProviderId} (${where}); there is nothing to adopt`);
    }
    const limiter = new Limiter(concurrency);
    let done = 0;
    const read = await Promise.all(
        keys.map(async (key) => {
            const profile = await limiter.run(() => profiles.get(key));
            opts.onProgress?.("trunk groups", ++done, keys.length);
            return { key, profile };
        }),
    );
    const sorted = read.sort(byKey((r) => [r.key.groupId, r.key.name]));
    const names = uniqueNames(sorted.map((r) => ({ identity: idOf(TRUNK_GROUP, r.key), base: trunkGroupBase(r.key) })));
    const resources: DiscoveredResource[] = sorted.map((r, i) => {
        const declared = declareTrunkGroup(r.profile);
        return {
            kind: "TrunkGroup",
            logicalName: names[i],
            section: r.key.groupId,
            args: declared.args,
            secrets: declared.secretArgs.map((arg) => ({
                arg,
                configKey: `${names[i]}-sip-password`,
                description: `current SIP password of trunk group "${r.key.name}" in group ${r.key.groupId}`,
            })),
            problems: declared.problems,
        };
    });
    resources.push(...enterpriseTrunkResources(fetched.enterpriseTrunks ?? [], opts.serviceProviderId, sorted.map((r, i) => ({ key: r.key, logicalName: names[i] })), wanted));
    const sections = Object.fromEntries(
        fetched.groups.map((g) => [g.groupId, g.groupName && g.groupName !== g.groupId ? `Group ${g.groupId} (${g.groupName})` : `Group ${g.groupId}`]),
    );
    sections[ENTERPRISE_TRUNKS] = `Enterprise trunks of ${opts.serviceProviderId}`;
    const groupsWithTrunks = new Set(resources.map((r) => r.section)).size;
    return {
        api: "odin",
        project: opts.project ?? projectName("trunking", opts.serviceProviderId),
        command: opts.command,
        source: `Trunk groups of service provider ${opts.serviceProviderId}${opts.groupIds ? ` (groups ${opts.groupIds.join(", ")})` : ""} in ${groupsWithTrunks} group${groupsWithTrunks === 1 ? "" : "s"}`,
        sections,
        resources,
        connection: [
            { key: "odin:baseUrl", value: opts.baseUrl, secret: false },
            { key: "odin:username", value: opts.username, secret: false },
            { key: "odin:password", secret: true, placeholder: "Odin API password" },
        ],
    };
}

/** The section of the enterprise trunks: after every group, since they name the groups' trunk groups. */
const ENTERPRISE_TRUNKS = "~enterprise-trunks";

/**
 * The service provider's (or enterprise's) enterprise trunks, as the capacity
 * fetch read them: those of the groups shown when a group filter is given,
 * each member trunk group given as the output of the TrunkGroup declared for
 * it.
 */
function enterpriseTrunkResources(found: EnterpriseTrunk[], serviceProviderId: string, trunkGroups: Array<{ key: TrunkGroupKey; logicalName: string }>, wanted: Set<string> | undefined): DiscoveredResource[] {
    const declaredAs = new Map(trunkGroups.map((t) => [`${t.key.groupId}/${t.key.name}`, t.logicalName]));
    const shown = found.filter((et) => !wanted || (et.groupId !== undefined && wanted.has(et.groupId)));
    const sortedEts = [...shown].sort(byKey((et) => [et.groupId ?? "", et.enterpriseTrunkName]));
    const names = uniqueNames(sortedEts.map((et) => ({ identity: `${serviceProviderId}/${et.groupId ?? ""}/${et.enterpriseTrunkName}`, base: slug("et", ...(et.groupId ? [et.groupId] : []), et.enterpriseTrunkName) })));
    return sortedEts.map((et, i) => {
        const declared = declareEnterpriseTrunk({ ...et, serviceProviderId }, (groupId, name) => declaredAs.get(`${groupId}/${name}`));
        return { kind: "EnterpriseTrunk", logicalName: names[i], section: ENTERPRISE_TRUNKS, args: declared.args, secrets: [], problems: declared.problems };
    });
}

/**
 * The capacity fetch already reads some profiles (trunk groups with bursting
 * on, or all of them on servers without the report endpoint); remembering
 * them keeps discovery at one GET per trunk group. The client it hands the
 * fetch is the same client with getTrunkGroup answered from memory.
 */
function rememberingProfiles(client: OdinClient): { client: OdinClient; get(key: TrunkGroupKey): Promise<TrunkGroupProfile> } {
    const seen = new Map<string, Promise<TrunkGroupProfile>>();
    const get = (key: TrunkGroupKey): Promise<TrunkGroupProfile> => {
        const id = idOf(TRUNK_GROUP, key);
        let p = seen.get(id);
        if (!p) {
            p = client.getTrunkGroup(key, (data) => answerProblem(TRUNK_GROUP, data, { key }));
            seen.set(id, p);
        }
        return p;
    };
    const remembering: OdinClient = Object.create(client, { getTrunkGroup: { value: get } });
    return { client: remembering, get };
}

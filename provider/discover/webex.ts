import { DEFAULT_WORKERS } from "../capacity/fetch";
import { Limiter } from "../http/limiter";
import { answerProblem } from "../kit/answers";
import type { WebexClient } from "../webex/client";
import { DEFAULT_WEBEX_BASE_URL } from "../webex/config";
import { WEBEX_TRUNK } from "../webex/trunk/schema";
import type { TrunkListItem } from "../webex/types";
import type { DiscoveredResource, Discovery } from "./model";
import { byKey, projectName, slug, uniqueNames } from "./names";
import { declareWebexTrunk } from "./webexDeclare";

export interface WebexDiscoverOptions {
    /** Only trunks of these locations, each given by id or exact name; each must hold a trunk. */
    locations?: string[];
    orgId?: string;
    concurrency?: number;
    project?: string;
    /** For the README's config commands; the token is never written. */
    baseUrl: string;
    command: string;
    onProgress?: (phase: "trunks", done: number, total: number) => void;
}

/**
 * Every premise trunk of the org (or of some locations) as a program would
 * declare it: the list walked across all its pages, then each trunk read
 * once, a bounded number at a time.
 */
export async function discoverWebex(client: WebexClient, opts: WebexDiscoverOptions): Promise<Discovery> {
    const all = await client.listTrunks({}, opts.orgId);
    const chosen = opts.locations ? inLocations(all, opts.locations) : all;
    if (chosen.length === 0) {
        throw new Error(`no Webex Calling premise trunks found in ${opts.orgId ? `org ${opts.orgId}` : "the token's org"}; there is nothing to adopt`);
    }
    const limiter = new Limiter(opts.concurrency ?? DEFAULT_WORKERS);
    let done = 0;
    const read = await Promise.all(
        chosen.map(async (item) => {
            const trunk = (await limiter.run(() => client.getTrunk(item.id, (data) => answerProblem(WEBEX_TRUNK, data, { key: { id: item.id } }), opts.orgId))).trunk;
            opts.onProgress?.("trunks", ++done, chosen.length);
            return { id: item.id, location: trunk.location?.name ?? item.location?.name ?? "", trunk };
        }),
    );
    const sorted = read.sort(byKey((r) => [r.location, r.trunk.name]));
    const names = uniqueNames(sorted.map((r) => ({ identity: r.id, base: slug(r.trunk.name) })));
    const resources: DiscoveredResource[] = sorted.map((r, i) => {
        const declared = declareWebexTrunk(r.trunk);
        return {
            kind: "WebexTrunk",
            logicalName: names[i],
            section: r.location,
            args: declared.args,
            secrets: declared.secretArgs.map((arg) => ({ arg, configKey: `${names[i]}-password`, description: `current SIP password of Webex trunk "${r.trunk.name}"` })),
            problems: declared.problems,
        };
    });
    const sections = Object.fromEntries(resources.map((r) => [r.section, `Location ${r.section || "(unnamed)"}`]));
    const where = opts.locations ? ` in ${opts.locations.length === 1 ? "location" : "locations"} ${opts.locations.join(", ")}` : "";
    return {
        api: "webex",
        project: opts.project ?? projectName("webex-trunks"),
        command: opts.command,
        source: `Webex Calling premise trunks${where}${opts.orgId ? ` of org ${opts.orgId}` : ""}`,
        sections,
        resources,
        connection: [
            ...(opts.baseUrl !== DEFAULT_WEBEX_BASE_URL ? [{ key: "webex:baseUrl", value: opts.baseUrl, secret: false }] : []),
            ...(opts.orgId ? [{ key: "webex:orgId", value: opts.orgId, secret: false }] : []),
            { key: "webex:accessToken", secret: true, placeholder: "Webex admin access token" },
        ],
    };
}

/** The trunks of the named locations; a name or id no trunk has is refused, with the locations that do have trunks. */
function inLocations(all: TrunkListItem[], wanted: string[]): TrunkListItem[] {
    const matches = (t: TrunkListItem, l: string) => t.location?.id === l || t.location?.name === l;
    const missing = wanted.filter((l) => !all.some((t) => matches(t, l)));
    if (missing.length > 0) {
        const known = [...new Set(all.map((t) => t.location?.name).filter((n): n is string => typeof n === "string"))].sort();
        throw new Error(
            `--location ${missing.map((l) => JSON.stringify(l)).join(", ")}: no trunk is in a location with that name or id` +
                (known.length > 0 ? ` (locations with trunks: ${known.join(", ")})` : " (the org has no trunks)"),
        );
    }
    return all.filter((t) => wanted.some((l) => matches(t, l)));
}

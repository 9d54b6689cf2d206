/** What still uses a trunk (its usage counts and lists), in words for a refused delete. */
import type { Logger } from "../../http/transport";
import type { WebexClient } from "../client";
import type { TrunkUsageLists } from "../types";

/** What still uses the trunk, in words; [] for nothing (or no trunk), undefined when Webex would not say. */
export async function usersOfTrunk(client: WebexClient, id: string, orgId: string | undefined, log: Logger): Promise<string[] | undefined> {
    let usage;
    try {
        usage = await client.trunkUsage(id, usageProblem, orgId);
    } catch (e) {
        // Advisory: the DELETE is Webex's own judgement, and its refusal is explained too.
        log("warn", `could not read the usage of Webex trunk ${id} before deleting it (${(e as Error).message}); deleting and letting Webex judge`);
        return undefined;
    }
    if (!usage) {
        return [];
    }
    const lists: { count: number; list: keyof TrunkUsageLists; one: string; many: string; name: (n: string) => string }[] = [
        { count: usage.routeGroupCount, list: "routeGroups", one: "route group", many: "route groups", name: (n) => `route group "${n}"` },
        { count: usage.dialPlanCount, list: "dialPlans", one: "dial plan", many: "dial plans", name: (n) => `dial plan "${n}"` },
        { count: usage.pstnConnectionCount, list: "pstnLocations", one: "location", many: "locations", name: (n) => `the PSTN connection of location "${n}"` },
        {
            count: usage.callToExtensionCount,
            list: "callToExtensionLocations",
            one: "location",
            many: "locations",
            name: (n) => `the call-to-extension routing of location "${n}"`,
        },
    ];
    const out: string[] = [];
    for (const l of lists.filter((x) => x.count > 0)) {
        let names: string[];
        try {
            names = (await client.trunkUsageList(id, l.list, orgId)).map((x) => String(x.name ?? x.id));
        } catch {
            names = [];
        }
        if (names.length === 0) {
            out.push(`${l.count} ${l.count === 1 ? l.one : l.many}${l.list === "pstnLocations" ? " (PSTN connection)" : l.list === "callToExtensionLocations" ? " (call-to-extension routing)" : ""}`);
            continue;
        }
        const shown = names.slice(0, MAX_NAMED).map(l.name);
        out.push(...shown, ...(names.length > MAX_NAMED ? [`${names.length - MAX_NAMED} more ${l.many}`] : []));
    }
    return out;
}

/** A usage count must be a count: a number, or a numeric text (route groups' counts come as text). */
export function usageProblem(data: unknown): string | undefined {
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
        return "it is not a usage answer";
    }
    for (const [k, v] of Object.entries(data)) {
        if (/Count$/.test(k) && v !== null && v !== undefined && !(typeof v === "number" || (typeof v === "string" && /^\s*\d+\s*$/.test(v)))) {
            return `${k} is not a count`;
        }
    }
    return undefined;
}

/** How many users of each kind a message names before it counts the rest. */
const MAX_NAMED = 10;

export function inUseMessage(trunk: string, users: string[]): string {
    const list = users.length === 1 ? users[0] : `${users.slice(0, -1).join(", ")} and ${users[users.length - 1]}`;
    return (
        `${trunk} is still used by ${list}. Webex refuses to delete a trunk in use, so nothing was deleted. ` +
        "Point those at another trunk or route group first (Control Hub: Calling > Call Routing, and the location's PSTN and internal dialing settings), " +
        "or remove them, then run the same pulumi command again"
    );
}

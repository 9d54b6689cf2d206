/** The rule that a trunk name is unique in its org, checked by a list lookup before a write, and its explanation. */
import { ADOPT_INPUT, adoptInstruction } from "../../kit/adopt";
import type { WebexClient } from "../client";
import type { TrunkListItem } from "../types";

/**
 * Trunk names are unique in an org ("A unique name for the trunk", spec), and
 * names that differ only in case count as the same: the case rule is not
 * documented, so the stricter reading is the one a program can rely on (the
 * realistic simulator refuses such a name with 409).
 */
export function sameTrunkName(a: unknown, b: unknown): boolean {
    return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

/**
 * Webex counts names that differ only in case as one name (see sameTrunkName)
 * and refuses a second trunk with it (409). Found by a list lookup before the
 * write, the clash is explained with the trunk that holds the name.
 */
export async function refuseTakenName(client: WebexClient, name: string, orgId: string | undefined, action: NameUse, self?: string): Promise<void> {
    const holder = (await client.findTrunksNamedLike(name, orgId)).find((t) => t.id !== self);
    if (holder) {
        throw new Error(nameTaken(name, holder, action));
    }
}

export async function holderOfName(client: WebexClient, name: string, orgId: string | undefined, self?: string): Promise<TrunkListItem | undefined> {
    try {
        return (await client.findTrunksNamedLike(name, orgId, true)).find((t) => t.id !== self);
    } catch {
        return undefined; // only for the explanation
    }
}

export type NameUse = "create" | "rename";

export function nameTaken(name: string, holder: TrunkListItem, action: NameUse): string {
    const where = holder.location?.name ? `, location ${holder.location.name}` : "";
    const exact = holder.name === name;
    const has = exact ? "already has this name" : `already has this name in another case (${JSON.stringify(name)} was asked for)`;
    const remedy =
        action === "rename"
            ? "Choose another name. The trunk was not changed"
            : exact
              ? `Nothing was created. ${adoptInstruction("webex", "WebexTrunk")} Or choose another name`
              : `Nothing was created. To take that one over, declare name: ${JSON.stringify(holder.name)} with \`${ADOPT_INPUT}: true\` (or \`"apply"\`), or choose another name`;
    return `name: the Webex trunk ${JSON.stringify(holder.name)} (id ${holder.id}${where}) ${has}; trunk names are unique in an org${exact ? "" : ", regardless of case"}. ${remedy}.`;
}

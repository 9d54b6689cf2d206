/**
 * Where a trunk group the state knows by one name is now. A rename is a PUT
 * with `newName`: when its answer is lost (the network, or the provider host
 * killed) the state still holds the old name while BroadWorks has the new
 * one. So "not found under the old name" is not yet "gone":
 * - an update that could not tell whether its rename was applied records the
 *   new name in the state (`renamingTo`), and every later read, update and
 *   delete also looks there;
 * - when nothing was recorded (the host died), a trunk group of the same
 *   group that now hosts its users is it renamed, or its users moved: that
 *   is not decided by guessing, the person is told what to run.
 * Only when neither applies is the trunk group gone.
 */
import { ownValue } from "../../kit/schema";
import type { OdinClient } from "../client";
import type { TrunkGroupKey, TrunkGroupProfile } from "../types";

type Props = Record<string, unknown>;

/** A trunk group's whole profile, or undefined when Odin says there is none. */
export type Lookup = (key: TrunkGroupKey) => Promise<TrunkGroupProfile | undefined>;

/** The output key an update that may have renamed the trunk group leaves its new name under. */
export const RENAMING_TO = "renamingTo";

export interface Located {
    key: TrunkGroupKey;
    profile: TrunkGroupProfile;
}

/** The name an interrupted rename recorded in the state, if any (and not the name itself). */
export function pendingName(props: Props, key: TrunkGroupKey): string | undefined {
    const v = ownValue(props, RENAMING_TO);
    return typeof v === "string" && v !== "" && v !== key.name ? v : undefined;
}

/**
 * The trunk group under the name the state gives it, else under the name an
 * interrupted rename recorded. Undefined when it is under neither; then call
 * refuseIfPossiblyRenamed before taking it for gone.
 */
export async function locate(lookup: Lookup, key: TrunkGroupKey, props: Props): Promise<Located | undefined> {
    const profile = await lookup(key);
    if (profile) {
        return { key, profile };
    }
    const pending = pendingName(props, key);
    if (pending) {
        const moved: TrunkGroupKey = { ...key, name: pending };
        const found = await lookup(moved);
        if (found) {
            return { key: moved, profile: found };
        }
    }
    return undefined;
}

/**
 * Throws, saying what to run, when a trunk group of the same group now hosts
 * users the state lists for this one: BroadWorks hosts a user on one trunk
 * group only, so that is this one renamed by an interrupted run (or its
 * users moved, which a person must decide about). A refresh then does not
 * drop it from the state, nor a destroy report it deleted. Settings alone
 * decide nothing: trunk groups made from one template look alike, and one
 * deleted outside Pulumi must still be dropped by a refresh and count as
 * deleted by a destroy.
 */
export async function refuseIfPossiblyRenamed(c: OdinClient, lookup: Lookup, key: TrunkGroupKey, props: Props, action: "refresh" | "delete"): Promise<void> {
    const ours = userIds(props.users);
    if (ours.length === 0) {
        return;
    }
    const names = (await c.listTrunkGroups(key.serviceProviderId, key.groupId)).map((t) => String(t.name)).filter((n) => n !== key.name);
    const hosting: string[] = [];
    for (const name of names) {
        const p = await lookup({ ...key, name });
        if (p && userIds(p.users).some((u) => ours.includes(u))) {
            hosting.push(name);
        }
    }
    if (hosting.length === 0) {
        return;
    }
    const list = hosting.map((n) => JSON.stringify(n)).join(", ");
    const one = hosting.length === 1;
    throw new Error(
        `Trunk group "${key.name}" is no longer in group ${key.groupId} of ${key.serviceProviderId}, but ${one ? "trunk group" : "trunk groups"} ${list} now ` +
            `${one ? "hosts" : "host"} its users: an interrupted \`pulumi up\` may have renamed it, so Pulumi does not ${action === "refresh" ? "drop it from the state" : "report it deleted"}. ` +
            `If your program names it ${one ? list : "one of those"}, run \`pulumi up\`: the update finds it under its new name${action === "delete" ? ", and `pulumi destroy` then deletes it" : ""}. ` +
            `If "${key.name}" was deleted outside Pulumi and its users moved, remove it from the state with \`pulumi state delete <urn>\` (\`pulumi stack --show-urns\` lists them).`,
    );
}

/** Hosted users' ids, sorted. */
function userIds(users: unknown): string[] {
    return Array.isArray(users) ? users.map((u) => String((u as { userId?: unknown })?.userId)).sort() : [];
}

import { createHash } from "crypto";

/**
 * Logical names and config keys for discovered resources. Pure, so the same
 * system gives the same names on every run: a name depends only on the
 * object's own identity, and on nothing else unless two objects would
 * otherwise share it.
 */

/** "G1" + "PBX A" → "g1-pbx-a": lower case, every run of other characters one hyphen. */
export function slug(...parts: string[]): string {
    const s = parts
        .join("-")
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return s === "" ? "unnamed" : s;
}

/**
 * A unique logical name for each identity. A slug that only one object maps
 * to is used as it is; objects whose slugs collide (names differing only in
 * case or punctuation) each get a short hash of their exact identity, so
 * which one gets which name never depends on order.
 */
export function uniqueNames(items: ReadonlyArray<{ identity: string; base: string }>): string[] {
    const count = new Map<string, number>();
    for (const i of items) {
        count.set(i.base, (count.get(i.base) ?? 0) + 1);
    }
    const names = items.map((i) => ((count.get(i.base) ?? 0) > 1 ? `${i.base}-${shortHash(i.identity)}` : i.base));
    const seen = new Set<string>();
    for (const n of names) {
        if (seen.has(n)) {
            // Two identical identities: the caller's data is wrong, and names would clash in the stack.
            throw new Error(`two discovered objects have the same identity (${n}); refusing to write a program that declares it twice`);
        }
        seen.add(n);
    }
    return names;
}

function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/** "g1-pbx-a": the group, then the name, without saying the group twice when the name starts with it ("G1-TG1"). */
export function trunkGroupBase(key: { groupId: string; name: string }): string {
    const group = slug(key.groupId);
    const name = slug(key.name);
    return name === group || name.startsWith(`${group}-`) ? name : `${group}-${name}`;
}

/** A Pulumi project name from free text: letters, digits, hyphens. */
export function projectName(...parts: string[]): string {
    return slug(...parts);
}

/** Sorts by section then name, by code point, so the order does not depend on the machine's locale. */
export function byKey<T>(key: (t: T) => [string, string]): (a: T, b: T) => number {
    return (a, b) => {
        const [sa, na] = key(a);
        const [sb, nb] = key(b);
        return sa < sb ? -1 : sa > sb ? 1 : na < nb ? -1 : na > nb ? 1 : 0;
    };
}

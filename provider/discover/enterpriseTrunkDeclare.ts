import { checkInputs } from "../kit/check";
import { sameValue } from "../kit/diff";
import { applies, fieldNames, isSet } from "../kit/schema";
import { ENTERPRISE_TRUNK } from "../odin/enterpriseTrunk/schema";
import type { EnterpriseTrunk } from "../odin/types";
import type { OutputRef } from "./model";

export interface DeclaredEnterpriseTrunk {
    args: Record<string, unknown>;
    problems: string[];
}

/**
 * The EnterpriseTrunk inputs that reproduce an enterprise trunk as BroadWorks
 * reports it, from the resource's own field table: values equal to the
 * default the resource fills in left out, a routing or address that does
 * not apply left out, and each member trunk group given as the output of the
 * TrunkGroup discovery declares for it (`memberOf` names it), so the program
 * creates the trunk groups first and follows their renames. A member outside
 * what was discovered (another group, with a group filter) stays a literal.
 */
export function declareEnterpriseTrunk(et: EnterpriseTrunk, memberOf: (groupId: string, trunkGroupName: string) => string | undefined): DeclaredEnterpriseTrunk {
    const hooks = ENTERPRISE_TRUNK.hooks ?? {};
    const reported: Readonly<Record<string, unknown>> = { ...et };
    const server: Record<string, unknown> = {};
    for (const key of fieldNames(ENTERPRISE_TRUNK)) {
        server[key] = hooks.normalize ? hooks.normalize(key, reported[key], ENTERPRISE_TRUNK.fields[key]) : reported[key];
    }
    const args: Record<string, unknown> = {};
    const literal: Record<string, unknown> = {};
    for (const key of fieldNames(ENTERPRISE_TRUNK)) {
        const spec = ENTERPRISE_TRUNK.fields[key];
        const value = server[key];
        if (!isSet(value) || !applies(spec, server) || (spec.createDefault !== undefined && sameValue(spec, key, value, spec.createDefault, hooks))) {
            continue;
        }
        literal[key] = value;
        args[key] = key === "trunkGroups" && Array.isArray(value) ? value.map((m) => memberRef(m, memberOf)) : value;
    }
    return { args, problems: checkInputs(ENTERPRISE_TRUNK, {}, literal).failures.map((f) => f.reason) };
}

function memberRef(member: unknown, memberOf: (groupId: string, trunkGroupName: string) => string | undefined): unknown {
    if (member === null || typeof member !== "object") {
        return member;
    }
    const m: { groupId?: unknown; trunkGroupName?: unknown } = member;
    const name = typeof m.groupId === "string" && typeof m.trunkGroupName === "string" ? memberOf(m.groupId, m.trunkGroupName) : undefined;
    if (name === undefined) {
        return member;
    }
    const ref = (output: string): OutputRef => ({ $ref: name, output });
    return { ...member, groupId: ref("groupId"), trunkGroupName: ref("name") };
}

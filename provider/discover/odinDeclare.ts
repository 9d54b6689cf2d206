import { checkInputs } from "../kit/check";
import { sameValue } from "../kit/diff";
import { FieldSpec, applies, fieldNames, isSet } from "../kit/schema";
import { TRUNK_GROUP } from "../odin/trunkGroup/schema";
import type { TrunkGroupProfile } from "../odin/types";

/** A trunk group's inputs as a program declares them, before it gets its name. */
export interface DeclaredTrunkGroup {
    args: Record<string, unknown>;
    /** Write-only inputs the program must read from stack config. */
    secretArgs: string[];
    problems: string[];
}

/**
 * What BroadWorks reports for the fields the resource neither fills in nor
 * resets (the IMS-only and R22+ policies), on a trunk group where nobody set
 * them: every example GET answer the Odin API documents carries exactly these
 * values, and the reference (odin-api.md section 5) lists "Disabled" as the
 * value observed. Discovery leaves them out like any other default; the
 * resource still leaves them alone when a program does not declare them.
 */
export const BROADWORKS_REPORTS_WHEN_UNSET: Readonly<Record<string, unknown>> = {
    implicitRegistrationSetSupportPolicy: "Disabled",
    useSystemImplicitRegistrationSetSupportPolicy: true,
    sipIdentityForPilotAndProxyTrunkModesPolicy: "User",
    useSystemSIPIdentityForPilotAndProxyTrunkModesPolicy: true,
    supportConnectedIdentityPolicy: "Disabled",
    useSystemSupportConnectedIdentityPolicy: true,
    useSystemOptionsMessageResponseStatusCodes: true,
};

/**
 * The TrunkGroup inputs that reproduce a trunk group as BroadWorks reports
 * it, from the resource's own field table: numeric-looking strings back to
 * strings, fields that do not apply (bursting limits with bursting off, SIP
 * credentials with authentication off) left out, and every value equal to
 * the default the resource fills in (or BroadWorks' default it resets to, or
 * what BroadWorks reports when it was never set) left out, so what is written is what makes this trunk group different. The SIP
 * password is never returned: with authentication on it is read from config.
 */
export function declareTrunkGroup(profile: TrunkGroupProfile): DeclaredTrunkGroup {
    const reported: Readonly<Record<string, unknown>> = { ...profile };
    const hooks = TRUNK_GROUP.hooks ?? {};
    const server: Record<string, unknown> = {};
    for (const key of fieldNames(TRUNK_GROUP)) {
        server[key] = hooks.normalize ? hooks.normalize(key, reported[key], TRUNK_GROUP.fields[key]) : reported[key];
    }
    const args: Record<string, unknown> = {};
    const secretArgs: string[] = [];
    for (const key of fieldNames(TRUNK_GROUP)) {
        const spec = TRUNK_GROUP.fields[key];
        if (!applies(spec, server)) {
            continue;
        }
        if (spec.writeOnly) {
            if (spec.secret && spec.requiredWhen && server[spec.requiredWhen.field] === spec.requiredWhen.is) {
                secretArgs.push(key);
            }
            continue;
        }
        const value = server[key];
        if (!isSet(value)) {
            continue;
        }
        const usual = spec.createDefault ?? (spec.resetTo === null ? undefined : spec.resetTo) ?? (Object.hasOwn(BROADWORKS_REPORTS_WHEN_UNSET, key) ? BROADWORKS_REPORTS_WHEN_UNSET[key] : undefined);
        if (!spec.identity && !spec.required && usual !== undefined && sameValue(spec, key, value, usual, hooks)) {
            continue;
        }
        args[key] = spec.kind === "object" ? inSchemaOrder(value, spec.fields ?? {}) : value;
    }
    return { args, secretArgs, problems: problemsOf(args, secretArgs) };
}

/**
 * An object's sub-keys in the order the field table declares them (the
 * server's order varies), keeping only those the resource takes: check
 * refuses any other, and the comparison never looks at them.
 */
function inSchemaOrder(value: unknown, fields: Readonly<Record<string, FieldSpec>>): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return value;
    }
    const o: Readonly<Record<string, unknown>> = { ...value };
    return Object.fromEntries(Object.keys(fields).filter((k) => isSet(o[k])).map((k) => [k, o[k]]));
}

/** What the resource's own check would refuse in these inputs (secrets stand in as placeholders). */
function problemsOf(args: Record<string, unknown>, secretArgs: string[]): string[] {
    const news: Record<string, unknown> = { ...args };
    for (const k of secretArgs) {
        news[k] = "placeholder-Secret-1";
    }
    return checkInputs(TRUNK_GROUP, {}, news).failures.map((f) => f.reason);
}

/**
 * The second resource pattern: the settings of an object that always exists
 * (a group's call capacity, say), read with GET and written with PUT. There
 * is nothing to create or delete, so:
 * - create reads what is there, then writes the declared values with one
 *   PUT, and records the values it found;
 * - update is one PUT of what changed;
 * - read shows the object's values (drift shows as a change);
 * - delete leaves the values as they are, and says so; with the input
 *   `restoreOnDelete: true` it puts back the values create found, with one PUT.
 * Adoption is meaningless here (the object is always taken over), so a
 * settings resource declares no `adoption` and check refuses `adoptExisting`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Logger } from "../http/transport";
import type { ApiConnection, Change, ResourceDeclaration, Session } from "./handlers";
import { ResourceSchema, fieldNames, identityFields, identityIn, idOf, isSet, ownValue } from "./schema";
import { settle } from "./settle";
import { inputsFromOutputs, outputsOf } from "./state";

type Props = Record<string, unknown>;

/** The input that asks delete to put back the values create found. */
export const RESTORE_INPUT = "restoreOnDelete";

/** The output that records the values create found, for delete to put back. */
export const FOUND_OUTPUT = "foundAtCreate";

/** The restore option every settings resource's inputs carry. */
export interface RestoreOption {
    /**
     * What destroy (or removing the resource from the program) does: leave the
     * values as they are (the default; it says so), or, when true, put back
     * the values found when this resource was created.
     */
    restoreOnDelete?: boolean;
}

/**
 * The restore option's field, for a settings resource's table: never sent
 * to the API (so never judged in its answers), and always in the outputs, so
 * turning it on or off is a change the state records.
 */
export const RESTORE_FIELD = { restoreOnDelete: { kind: "boolean", writeOnly: true, createDefault: false, resetTo: false } } as const;

/** What a settings resource tells the kit: how to find the object's values, and how to write them. */
export interface SettingsSteps<T, Api, Found> {
    schema: ResourceSchema<T>;
    api: ApiConnection<Api>;
    /** The object in messages, from its identity: `Group G1 of SP1`. */
    what(identity: Record<string, string>): string;
    /** The object's values, or undefined when the object does not exist. */
    get(api: Api, identity: Record<string, string>): Promise<Found | undefined>;
    /** One PUT: the identity and these settings. */
    put(api: Api, identity: Record<string, string>, settings: Partial<T>): Promise<void>;
    /** An answer's values, keyed like the inputs and outputs. */
    reported(found: Found): Props;
}

/** What create says when the object does not exist (and what a resource's preview says before it). */
export function absentMessage<T>(schema: ResourceSchema<T>, what: string): string {
    return `${what} does not exist, so its settings cannot be managed; nothing was changed. Check ${identityFields(schema).join(" and ")}.`;
}

/** The settings fields: every input field but the identity and the restore option. */
function settingsFields<T>(schema: ResourceSchema<T>): (keyof T & string)[] {
    return fieldNames(schema).filter((k) => !schema.fields[k].identity && k !== RESTORE_INPUT);
}

function pick<T>(keys: readonly (keyof T & string)[], from: Partial<T>): Partial<T> {
    const out: Partial<T> = {};
    for (const k of keys) {
        if (from[k] !== undefined) {
            out[k] = from[k];
        }
    }
    return out;
}

/** The CRUD of a settings resource, for resourceHandlers. */
export function settingsObject<T extends object, Api, Found>(steps: SettingsSteps<T, Api, Found>): ResourceDeclaration<T, Api> {
    const { schema } = steps;
    const managed = settingsFields(schema);

    async function found(s: Session<Api>, identity: Record<string, string>): Promise<Found> {
        const f = await steps.get(s.api(), identity);
        if (f === undefined) {
            throw new Error(absentMessage(schema, steps.what(identity)));
        }
        return f;
    }

    async function settled(s: Session<Api>, identity: Record<string, string>, expected: Props, first?: Found): Promise<Found> {
        return settle(schema, expected, { what: steps.what(identity), first, read: () => found(s, identity), reported: steps.reported });
    }

    /**
     * Outputs for the settings the program declares (every one the object
     * reports, for an import by id), the restore option as declared, and the
     * values found at create.
     */
    function outputs(f: Found, props: Props, foundAtCreate: unknown): Props {
        const declared = managed.filter((k) => isSet(ownValue(props, k)));
        const reported = steps.reported(f);
        const keys = declared.length > 0 ? declared : managed.filter((k) => isSet(ownValue(reported, k)));
        const outs = outputsOf(schema, reported, props, [...identityFields(schema), ...keys]);
        outs[RESTORE_INPUT] = props[RESTORE_INPUT] === true;
        outs[FOUND_OUTPUT] = foundAtCreate ?? null;
        return outs;
    }

    return {
        schema,
        api: steps.api,
        async create(s, inputs, props): Promise<pulumi.dynamic.CreateResult> {
            const identity = identityIn(schema, "", inputs);
            const before = await found(s, identity);
            const foundAtCreate = pick(managed, steps.reported(before) as Partial<T>);
            await steps.put(s.api(), identity, pick(managed, inputs));
            const after = await settled(s, identity, props);
            return { id: idOf(schema, inputs), outs: outputs(after, props, foundAtCreate) };
        },
        async read(s, id, props): Promise<pulumi.dynamic.ReadResult> {
            const identity = identityIn(schema, id, props);
            const f = await steps.get(s.api(), identity);
            if (f === undefined) {
                return { id: "", props: {} };
            }
            const outs = outputs(await settled(s, identity, props, f), props, props[FOUND_OUTPUT]);
            const inputs = inputsFromOutputs(schema, outs);
            return { id, props: outs, inputs };
        },
        async update(s, change: Change<T>): Promise<pulumi.dynamic.UpdateResult> {
            const identity = identityIn(schema, change.id, change.olds);
            const changed = managed.filter((k) => change.changed.includes(k));
            if (changed.length > 0) {
                await steps.put(s.api(), identity, pick(changed, change.news));
            }
            const after = await settled(s, identity, change.props);
            return { outs: outputs(after, change.props, change.olds[FOUND_OUTPUT]) };
        },
        async delete(s, id, props): Promise<void> {
            const identity = identityIn(schema, id, props);
            const what = steps.what(identity);
            const before = props[FOUND_OUTPUT];
            if (props[RESTORE_INPUT] !== true) {
                say(s.log, `${what}: its settings are left as they are (${managed.filter((k) => isSet(ownValue(props, k))).join(", ")}); this stack no longer manages them. Set ${RESTORE_INPUT}: true to put back the values found when it took them over.`);
                return;
            }
            if (before === null || typeof before !== "object") {
                throw new Error(`${what}: ${RESTORE_INPUT} is set, but the state holds no values from when this stack took the settings over, so nothing was put back. Remove ${RESTORE_INPUT} (or set the values in the program) and run the command again.`);
            }
            await found(s, identity);
            await steps.put(s.api(), identity, pick(managed, before as Partial<T>));
            say(s.log, `${what}: put back the values found when this stack took the settings over (${Object.keys(before).join(", ")}).`);
        },
    };
}

function say(log: Logger, line: string): void {
    log("info", line);
}

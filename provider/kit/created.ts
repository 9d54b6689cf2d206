/**
 * The first resource pattern: an object a POST creates (GET, PUT and DELETE
 * address it afterwards). Create takes over an existing object when the
 * program asks for adoption, refuses one it would collide with, sends the
 * POST once (createOnce) and reads the object back until an answer shows
 * every declared value; read finds it, settles on an answer and rebuilds the
 * inputs. The resource supplies the API calls and what only it knows.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ApiError } from "../http/errors";
import type { Logger } from "../http/transport";
import { Adoption, adoptExisting } from "./adopt";
import { createOnce } from "./createOnce";
import { differingFields } from "./diff";
import { ResourceInitError } from "./errors";
import { ResourceSchema, idOf } from "./schema";
import { settle } from "./settle";
import { inputsFromOutputs } from "./state";

type Props = Record<string, unknown>;

/** What a resource tells the kit about one object it creates. */
export interface CreateSteps<T, Found> {
    schema: ResourceSchema<T>;
    /** The object in messages: `Trunk group "PBX A"`. */
    what: string;
    /** The object in adoption's messages, where it lives too: `Trunk group "PBX A" in group G1 of SP1`; default `what`. */
    whereabouts?: string;
    /** The checked inputs as the engine sent them. */
    props: Props;
    /** What the POST sends: compared with an object found after an unclear answer, or before adopting it. */
    body: Partial<T>;
    adoption: Adoption | undefined;
    /** The one line that says how to take over an object that already exists. */
    adoptHint: string;
    /** Looks the object up by its identity, or by the id the program names for adoption. */
    find(id?: string): Promise<Found | undefined>;
    /** An object's values keyed like the inputs and outputs. */
    reported(found: Found): Props;
    /**
     * Every refusal that must come before the POST: what only the API can
     * judge, and an object this stack does not manage that the POST would
     * collide with. `adopting`: adoption has just looked and found none.
     */
    beforePost(adopting: boolean): Promise<void>;
    /** Sends the POST once; rejects with an ApiError whose `ambiguous` says the fate is unknown. */
    post(): Promise<Found>;
    /** The API's "that already exists". */
    isAlreadyExists(e: unknown): boolean;
    /** The error to throw when the POST's fate stays unknown (see createOnce). */
    unconfirmed(message: string, postError: ApiError): Error;
    /** A refusal of the POST, explained for the program (or as it came). */
    explain(e: unknown, adopting: boolean): Promise<unknown>;
    /** In adoption's applying mode: one update of these fields and every declared write-only secret. */
    apply(found: Found, fields: (keyof T & string)[]): Promise<void>;
    /** Reads the object again (after an applying adoption, and until answers agree). */
    read(found: Found): Promise<Found>;
    /** Whether an answer at hand (the POST's) is whole enough to stand in for the first read; default yes. */
    whole?(found: Found): boolean;
    /** Whether two answers say the same; default JSON-equal. */
    same?(a: Found, b: Found): boolean;
    idOf(found: Found): string;
    outputs(found: Found): Props;
    /** What the state keeps of an object that was created but could not be read back. */
    unread(id: string): Props;
    log: Logger;
}

/**
 * Creates the object, or takes it over. Nothing is written before every
 * refusal the resource knows of; an object that exists after an unclear
 * POST is recognised by its values; one that was made but cannot be read
 * back is handed to the engine by its id (an init failure), never lost.
 */
export async function createObject<T, Found>(s: CreateSteps<T, Found>): Promise<pulumi.dynamic.CreateResult> {
    if (s.adoption) {
        const adopted = await adoptExisting(s.adoption, {
            schema: s.schema,
            what: s.whereabouts ?? s.what,
            declared: s.body,
            find: (id) => s.find(id),
            reported: (found) => s.reported(found),
            apply: (found, fields) => s.apply(found, fields),
            log: s.log,
        });
        if (adopted) {
            // A secret that was neither compared nor sent is recorded as declared: a later change of it in the program sends the new one.
            const found = adopted.updated ? await s.read(adopted.found) : adopted.found;
            return { id: s.idOf(found), outs: s.outputs(found) };
        }
    }
    await s.beforePost(s.adoption !== undefined);
    let made: Found;
    try {
        const outcome = await createOnce<Found, Found>({
            what: s.what,
            post: () => s.post(),
            find: () => s.find(),
            differences: (found) => differingFields(s.schema, s.body, s.reported(found)),
            idOf: (found) => s.idOf(found),
            adoptHint: s.adoptHint,
            isAlreadyExists: (e) => s.isAlreadyExists(e),
            // beforePost (or adoption) has just seen no such object: an "already exists" to the first POST is our own POST delivered twice.
            absentBefore: true,
            unconfirmed: (message, e) => s.unconfirmed(message, e),
            log: s.log,
        });
        made = "found" in outcome ? outcome.found : outcome.posted;
    } catch (e) {
        throw await s.explain(e, s.adoption !== undefined);
    }
    const id = s.idOf(made);
    try {
        const settled = await settle(s.schema, s.props, { what: s.what, first: s.whole?.(made) === false ? undefined : made, read: () => s.read(made), reported: s.reported, same: s.same });
        return { id, outs: s.outputs(settled) };
    } catch (e) {
        throw new ResourceInitError(`${s.what} was created (id ${id}) but reading it back failed: ${(e as Error)?.message ?? String(e)}. Run \`pulumi refresh\`.`, id, s.unread(id));
    }
}

/**
 * What every object the API addresses by the fields the program gives
 * shares (BroadWorks' trunk groups and enterprise trunks): the id is its
 * identity, known before the POST, so when the POST's fate stays unknown the
 * engine keeps the id with the inputs and the next up finishes the create
 * (an update of such outputs sees `createUnconfirmed`); the POST's answer
 * stands in for the first read only when it is whole.
 */
export function byIdentity<T, Found>(schema: ResourceSchema<T>, props: Props, key: object, wholeAnswer: (found: Found) => boolean): Pick<CreateSteps<T, Found>, "idOf" | "unconfirmed" | "unread" | "whole"> {
    const id = idOf(schema, key);
    return {
        idOf: () => id,
        unconfirmed: (message) =>
            new ResourceInitError(`${message} Pulumi keeps it in state so nothing is lost; run \`pulumi refresh\` then \`pulumi up\` once the API answers.`, id, { ...props, [UNCONFIRMED]: true }),
        // Whole inputs, __provider included: the engine needs it to read or delete later.
        unread: () => ({ ...props }),
        whole: wholeAnswer,
    };
}

/** The output a create whose POST's fate stayed unknown leaves, for the next update to finish it. */
export const UNCONFIRMED = "createUnconfirmed";

/** What a resource tells the kit to read one object. */
export interface ReadSteps<T, Found> {
    schema: ResourceSchema<T>;
    what: string;
    id: string;
    /** The previous outputs (refresh) or the identity (import). */
    props: Props;
    find(): Promise<Found | undefined>;
    /** Throws when "not found" cannot yet be taken for gone (see TrunkGroup's interrupted renames); resolves when it can. */
    gone?(): Promise<void>;
    read(found: Found): Promise<Found>;
    reported(found: Found): Props;
    same?(a: Found, b: Found): boolean;
    outputs(found: Found): Props;
}

/**
 * Refresh and import: the object's outputs, and the inputs that reproduce
 * them; an empty id when it is gone. A value that differs from the state's
 * is drift only once a second answer says the same.
 */
export async function readObject<T, Found>(s: ReadSteps<T, Found>): Promise<pulumi.dynamic.ReadResult> {
    const found = await s.find();
    if (found === undefined) {
        await s.gone?.();
        return { id: "", props: {} };
    }
    const settled = await settle(s.schema, s.props, { what: s.what, first: found, read: () => s.read(found), reported: s.reported, same: s.same });
    const outs = s.outputs(settled);
    return { id: s.id, props: outs, inputs: inputsFromOutputs(s.schema, outs) };
}

/**
 * The TrunkGroup CRUD against the Odin API, run by the kit inside the
 * dynamic-provider host: a created object (kit/created.ts) whose name
 * renames in place.
 *
 * This file's path and its `handlers` export are also what the provider text
 * of pulumi-trunking 0.1.0 requires (`pulumi-trunking/dist/provider/odin/
 * trunkGroup/handlers`), and stacks keep that text for as long as a resource
 * is not updated: neither may ever move. New state loads `pulumi-trunking/dynamic`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isApiError } from "../../http/errors";
import { adoptInstruction } from "../../kit/adopt";
import { answerCheck } from "../../kit/answers";
import { UNCONFIRMED, byIdentity, createObject, readObject } from "../../kit/created";
import { ResourceInitError } from "../../kit/errors";
import { Change, Session, resourceHandlers } from "../../kit/handlers";
import { applies, copyField, fieldNames, fieldsWhere, identityIn, isSet, sparse } from "../../kit/schema";
import { sameJson, settle } from "../../kit/settle";
import { managedOutputs } from "../../kit/state";
import { PROVIDER_KEY } from "../../util/check";
import type { AnswerCheck } from "../../http/transport";
import type { OdinClient } from "../client";
import { ODIN_API } from "../config";
import { isAlreadyExists, isCapacityError, isNotFound, isPilotBlocksDelete } from "../errors";
import type { TrunkGroupCreateBody, TrunkGroupKey, TrunkGroupModifyBody, TrunkGroupProfile } from "../types";
import { explainCapacityError, explainMissingGroup, trunkGroupPreview } from "./capacityError";
import { RENAMING_TO, Located, locate, pendingName, refuseIfPossiblyRenamed } from "./locate";
import { pilotNotHosted, pilotOnCreate, referenceRefusal } from "./references";
import { TRUNK_GROUP, TrunkGroupInputs } from "./schema";

type Props = Record<string, unknown>;
type Odin = Session<OdinClient>;

const AUTH_SWITCH = "requireAuthentication" satisfies keyof TrunkGroupInputs;
/** Sent together or not at all while authentication is on: the password is write-only upstream. */
const AUTH_FIELDS = fieldsWhere(TRUNK_GROUP, (s) => s.onlyWhen?.field === AUTH_SWITCH);

/**
 * Odin's answer must be the profile of the trunk group `key` names (its
 * identity is taken from it): whole for a read, showing what was written for
 * a write.
 */
export function profileCheck(key: TrunkGroupKey, written?: object): AnswerCheck {
    return answerCheck(TRUNK_GROUP, keyOf(key), written);
}

const find = (c: OdinClient, key: TrunkGroupKey) => c.findTrunkGroup(key, profileCheck(key));
/** Looks trunk groups up for the files that only read them (locate, capacityError). */
const lookup = (c: OdinClient) => (key: TrunkGroupKey) => find(c, key);

function keyOf(v: TrunkGroupKey): TrunkGroupKey {
    return { serviceProviderId: v.serviceProviderId, groupId: v.groupId, name: v.name };
}

/** Where the state says the trunk group is (its outputs follow a rename), else where the id says. */
function stateKey(id: string, props: Props): TrunkGroupKey {
    const k = identityIn(TRUNK_GROUP, id, props);
    return { serviceProviderId: k.serviceProviderId, groupId: k.groupId, name: k.name };
}

const what = (key: TrunkGroupKey) => `Trunk group "${key.name}"`;

const outputs = (profile: TrunkGroupProfile, props: Props): Props => managedOutputs(TRUNK_GROUP, { ...profile }, props);

/** Every set field that applies (no SIP credentials while authentication is off); unset ones keep BroadWorks' default. */
function createBody(inputs: TrunkGroupInputs): TrunkGroupCreateBody {
    const body: TrunkGroupCreateBody = { ...keyOf(inputs), maxActiveCalls: inputs.maxActiveCalls };
    for (const key of fieldNames(TRUNK_GROUP)) {
        if (isSet(inputs[key]) && applies(TRUNK_GROUP.fields[key], inputs)) {
            copyField(body, inputs, key);
        }
    }
    return body;
}

/** The SIP credentials go out together, while authentication is on, whenever `send` says they must. */
function withCredentials(body: TrunkGroupModifyBody, inputs: TrunkGroupInputs, send: boolean): TrunkGroupModifyBody {
    if (inputs[AUTH_SWITCH] === true && send) {
        for (const k of AUTH_FIELDS) {
            copyField(body, inputs, k);
        }
    }
    return body;
}

async function create(s: Odin, inputs: TrunkGroupInputs, props: Props): Promise<pulumi.dynamic.CreateResult> {
    const c = s.api();
    const key = keyOf(inputs);
    const body = createBody(inputs);
    return createObject<TrunkGroupInputs, TrunkGroupProfile>({
        schema: TRUNK_GROUP,
        what: what(key),
        whereabouts: `${what(key)} in group ${key.groupId} of ${key.serviceProviderId}`,
        props,
        body,
        adoption: s.adoption(props),
        adoptHint: adoptInstruction("odin", TRUNK_GROUP.title),
        find: () => find(c, key),
        reported: (profile) => ({ ...profile }),
        async beforePost(adopting) {
            // Only a trunk group that is really created here: an adopted one may well have its pilot already.
            if (typeof body.pilotUserId === "string") {
                throw new Error(pilotOnCreate(body.pilotUserId, key));
            }
            // Adoption has just looked; otherwise look, so an "already exists" to the POST can only be our own POST delivered twice.
            if (!adopting && (await find(c, key))) {
                throw new Error(alreadyExists(key, false));
            }
        },
        post: () => c.createTrunkGroup(body, profileCheck(key, body)),
        isAlreadyExists,
        async explain(e, adopting) {
            if (isAlreadyExists(e)) {
                return new Error(alreadyExists(key, adopting));
            }
            if (isCapacityError(e) && isApiError(e)) {
                return explainCapacityError(c, lookup(c), s.scope(), key, body.maxActiveCalls, e);
            }
            const input = isApiError(e) ? referenceRefusal(e, body, key, "create") : undefined;
            return input ? new Error(input) : ((await explainMissingGroup(c, key, e, "create")) ?? e);
        },
        // One sparse PUT of the identity, the differing fields and (authentication on) the SIP credentials.
        async apply(_profile, fields) {
            const put: TrunkGroupModifyBody = { ...key };
            for (const k of fields) {
                copyField(put, inputs, k);
            }
            await modify(c, withCredentials(put, inputs, true), key, s.scope());
        },
        read: () => readProfile(c, key),
        outputs: (profile) => outputs(profile, props),
        log: s.log,
        ...byIdentity(TRUNK_GROUP, props, key, (profile) => profileCheck(key)(profile) === undefined),
    });
}

function alreadyExists(key: TrunkGroupKey, adopting: boolean): string {
    return (
        `A trunk group named "${key.name}" already exists in group ${key.groupId} of ${key.serviceProviderId}` +
        (adopting
            ? " (it appeared after this run looked for it); run `pulumi up` again to adopt it."
            : `, and this stack does not manage it. ${adoptInstruction("odin", TRUNK_GROUP.title)} Or choose another name.`)
    );
}

async function readProfile(c: OdinClient, key: TrunkGroupKey): Promise<TrunkGroupProfile> {
    const profile = await find(c, key);
    if (!profile) {
        throw new Error(deletedOutside(key));
    }
    return profile;
}

async function read(s: Odin, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const c = s.api();
    const key = stateKey(id, props);
    return readObject<TrunkGroupInputs, Located>({
        schema: TRUNK_GROUP,
        what: what(key),
        id,
        props,
        find: () => locate(lookup(c), key, props),
        gone: () => refuseIfPossiblyRenamed(c, lookup(c), key, props, "refresh"),
        read: async (found) => ({ key: found.key, profile: await readProfile(c, found.key) }),
        reported: (found) => ({ ...found.profile }),
        same: (a, b) => sameJson(a.profile, b.profile),
        outputs: (found) => outputs(found.profile, props),
    });
}

/**
 * The sparse PUT of what changed: the identity, every changed field but the
 * name (a rename is a PUT of its own) and, while authentication is on, the
 * SIP credentials together whenever one of them changes or BroadWorks'
 * password is not known (the state has none).
 */
function modifyBody(change: Change<TrunkGroupInputs>, key: TrunkGroupKey): TrunkGroupModifyBody {
    const body: TrunkGroupModifyBody = { ...key, ...sparse(TRUNK_GROUP, change.news, change.changed.filter((k) => !AUTH_FIELDS.includes(k))) };
    const credentials = !isSet(change.olds.sipAuthenticationPassword) || change.changed.some((k) => k === AUTH_SWITCH || AUTH_FIELDS.includes(k));
    return withCredentials(body, change.news, credentials);
}

async function update(s: Odin, change: Change<TrunkGroupInputs>): Promise<pulumi.dynamic.UpdateResult> {
    const c = s.api();
    let key = stateKey(change.id, change.olds);
    if (change.olds[UNCONFIRMED] === true && !(await find(c, key))) {
        // A create whose POST fate was never established: finish it now.
        return { outs: (await create(s, change.news, change.props)).outs };
    }
    if (pendingName(change.olds, key)) {
        // An earlier update could not tell whether its rename was applied: address it where it is.
        key = (await locate(lookup(c), key, change.olds))?.key ?? key;
    }
    const body = modifyBody(change, key);
    const newName = change.news.name !== key.name ? change.news.name : undefined;
    const finalKey: TrunkGroupKey = { ...key, name: newName ?? key.name };
    if (typeof body.pilotUserId === "string") {
        await refuseUnhostedPilot(c, key, body.pilotUserId);
    }
    const state: PartialUpdate = { id: change.id, olds: change.olds, provider: change.props[PROVIDER_KEY] };
    let profile: TrunkGroupProfile | undefined;
    if (newName !== undefined) {
        profile = await rename(c, key, newName, state);
    }
    try {
        if (Object.keys(body).some((k) => !(k in key))) {
            profile = await modify(c, { ...body, name: finalKey.name }, finalKey, s.scope());
        }
        // The outputs show the system: what was written, confirmed by an answer that shows it.
        const whole = profile !== undefined && profileCheck(finalKey)(profile) === undefined ? profile : undefined;
        profile = await settle(TRUNK_GROUP, change.props, { what: what(finalKey), first: whole, read: () => readProfile(c, finalKey), reported: (p) => ({ ...p }) });
    } catch (e) {
        throw newName === undefined ? e : renamedOnly(e, key, newName, state);
    }
    return { outs: outputs(profile, change.props) };
}

/** What an update that fails half-way leaves in the state (an init failure: the engine keeps these as the outputs). */
interface PartialUpdate {
    id: string;
    olds: Props;
    provider: unknown;
}

/**
 * The rename, a PUT of its own (so a trunk group renamed by a run that died
 * right after still has every setting the state holds, see locate.ts). A PUT
 * repeated after a lost answer meets "not found" under the old name: the
 * trunk group found under the new one is the first PUT's work. When the
 * rename's fate stays unknown, the state keeps both names.
 */
async function rename(c: OdinClient, key: TrunkGroupKey, newName: string, state: PartialUpdate): Promise<TrunkGroupProfile | undefined> {
    const renamedKey = { ...key, name: newName };
    try {
        return await c.modifyTrunkGroup({ ...key, newName }, profileCheck(renamedKey, {}));
    } catch (e) {
        if (!isApiError(e)) {
            throw e;
        }
        if (e.apiBody === true && e.status !== undefined && e.status < 500) {
            // Odin's own refusal: nothing was applied by this PUT.
            if (isNotFound(e) || e.status === 400) {
                if (await find(c, key)) {
                    throw e;
                }
                const renamed = await find(c, renamedKey);
                if (renamed) {
                    return renamed;
                }
                throw e.withHint(deletedOutside(key));
            }
            throw e;
        }
        throw new ResourceInitError(
            `${e.message}. Whether trunk group "${key.name}" was renamed to "${newName}" is unknown, so Pulumi keeps both names in the state; ` +
                `the next \`pulumi up\` (or \`pulumi refresh\`) finds it under either and finishes the update.`,
            state.id,
            { ...state.olds, [PROVIDER_KEY]: state.provider, [RENAMING_TO]: newName },
        );
    }
}

/** The rename was applied, the rest of the update failed: the state must follow the name. */
function renamedOnly(e: unknown, key: TrunkGroupKey, newName: string, state: PartialUpdate): Error {
    const why = e instanceof Error ? e.message : String(e);
    return new ResourceInitError(
        `${why}. Trunk group "${key.name}" was renamed to "${newName}", but the rest of the update was not confirmed; Pulumi records the new name. Run \`pulumi up\` again to finish it.`,
        state.id,
        { ...state.olds, [PROVIDER_KEY]: state.provider, name: newName },
    );
}

/**
 * The pilot must be a hosted user of the trunk group, which only its GET
 * lists: looked up before the PUT so the refusal names the users it hosts.
 * BroadWorks' own refusal (the list changed in between) is explained too.
 */
async function refuseUnhostedPilot(c: OdinClient, key: TrunkGroupKey, pilot: string): Promise<void> {
    const refusal = pilotNotHosted(pilot, key, (await readProfile(c, key)).users);
    if (refusal) {
        throw new Error(refusal);
    }
}

const deletedOutside = (key: TrunkGroupKey) => `Trunk group "${key.name}" was deleted outside Pulumi; run \`pulumi refresh\` so the next \`pulumi up\` creates it again`;

/** The sparse PUT of everything but a rename. */
async function modify(c: OdinClient, body: TrunkGroupModifyBody, key: TrunkGroupKey, scope?: object): Promise<TrunkGroupProfile | undefined> {
    try {
        return await c.modifyTrunkGroup(body, profileCheck(key, body));
    } catch (e) {
        if (!isApiError(e)) {
            throw e;
        }
        if (isCapacityError(e) && typeof body.maxActiveCalls === "number") {
            throw await explainCapacityError(c, lookup(c), scope, key, body.maxActiveCalls, e);
        }
        if (e.status !== 400 && e.status !== 404) {
            throw e;
        }
        // A PUT's "not found" may be about a user, a device, a department or a
        // reroute target it names: only the trunk group's own lookup says it is gone.
        if (await find(c, key)) {
            const input = referenceRefusal(e, body, key, "update");
            throw input ? new Error(input) : e;
        }
        throw e.withHint(deletedOutside(key));
    }
}

/**
 * BroadWorks refuses to delete a trunk group that has a pilot user, so a
 * pilot the state shows is cleared first, and the DELETE follows: nothing
 * hangs on reading a refusal (which a gateway can cut off or turn into a
 * success). A pilot set outside Pulumi still meets the refusal, and is
 * cleared then. "Not found" at the first attempt means gone, unless an
 * interrupted rename moved it (see locate.ts). An empty success is
 * confirmed by a lookup before the state forgets the trunk group (see
 * OdinClient.deleteTrunkGroup).
 */
async function remove(s: Odin, id: string, props: Props): Promise<void> {
    const c = s.api();
    const key = stateKey(id, props);
    const piloted = typeof props.pilotUserId === "string" && props.pilotUserId !== "";
    if ((await deleteOne(c, key, piloted)) === "deleted") {
        return;
    }
    const moved = pendingName(props, key) ? await locate(lookup(c), key, props) : undefined;
    if (moved) {
        await deleteOne(c, moved.key, piloted);
        return;
    }
    await refuseIfPossiblyRenamed(c, lookup(c), key, props, "delete");
}

async function deleteOne(c: OdinClient, key: TrunkGroupKey, piloted: boolean): Promise<"deleted" | "absent"> {
    if (piloted && (await clearPilot(c, key)) === "absent") {
        return "absent";
    }
    try {
        return await c.deleteTrunkGroup(key, profileCheck(key));
    } catch (e) {
        if (!isPilotBlocksDelete(e)) {
            throw e;
        }
        await clearPilot(c, key);
        return c.deleteTrunkGroup(key, profileCheck(key));
    }
}

/** The pilot cleared (a PUT naming no user), or "absent" when the trunk group's own lookup finds none. */
async function clearPilot(c: OdinClient, key: TrunkGroupKey): Promise<"cleared" | "absent"> {
    try {
        await c.modifyTrunkGroup({ ...key, pilotUserId: null }, profileCheck(key, { pilotUserId: null }));
        return "cleared";
    } catch (e) {
        if (isNotFound(e) && !(await find(c, key))) {
            return "absent";
        }
        throw e;
    }
}

/** Before any write: the service provider and group exist, and the trunk group fits the group's capacity (see capacityError.ts). */
function preview(s: Odin, checked: Readonly<Props>, olds: Readonly<Props>) {
    const c = s.api();
    return trunkGroupPreview(c, lookup(c), s.scope(), checked, olds);
}

export const { handlers, resetForTests } = resourceHandlers({ schema: TRUNK_GROUP, api: ODIN_API, create, read, update, delete: remove, preview });

/**
 * The TrunkGroup CRUD against the Odin API, run by the kit inside the
 * dynamic-provider host.
 *
 * This file's path and its `handlers` export are also what the provider text
 * of pulumi-trunking 0.1.0 requires (`pulumi-trunking/dist/provider/odin/
 * trunkGroup/handlers`), and stacks keep that text for as long as a resource
 * is not updated: neither may ever move. New state loads `pulumi-trunking/dynamic`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isApiError } from "../../http/errors";
import type { SecretRegistry } from "../../http/redact";
import type { Logger } from "../../http/transport";
import { adoptInstruction } from "../../kit/adopt";
import { createOnce } from "../../kit/createOnce";
import { differingFields, sameValue } from "../../kit/diff";
import { ResourceInitError } from "../../kit/errors";
import { Session, resourceHandlers } from "../../kit/handlers";
import { applies, copyField, fieldKeys, fieldNames, fieldSpec, fieldsIn, fieldsWhere, isSet, ownValue, typedInputs } from "../../kit/schema";
import { sameJson, settledRead } from "../../kit/settle";
import { PROVIDER_KEY } from "../../util/check";
import { OdinClient } from "../client";
import { ConfigSource, resolveOdinSettings } from "../config";
import { isAlreadyExists, isCapacityError, isNotFound, isPilotBlocksDelete } from "../errors";
import type { TrunkGroupCreateBody, TrunkGroupKey, TrunkGroupModifyBody, TrunkGroupProfile } from "../types";
import { adoptTrunkGroup } from "./adopt";
import { explainCapacityError } from "./capacityError";
import { pilotNotHosted, pilotOnCreate, referenceRefusal } from "./references";
import { checkTrunkGroup } from "./check";
import { TRUNK_GROUP_DIFF, diffTrunkGroup } from "./diff";
import { profileProblem } from "./answers";
import { RENAMING_TO, locate, pendingName, refuseIfPossiblyRenamed } from "./locate";
import { TRUNK_GROUP, TrunkGroupInputs } from "./schema";
import { IDENTITY_FIELDS, buildOutputs, inputsFromOutputs, keyOf, onlyIdentity, settableKeysOf, trunkGroupId } from "./state";

type Props = Record<string, unknown>;
type Odin = Session<OdinClient>;

const AUTH_SWITCH = "requireAuthentication" satisfies keyof TrunkGroupInputs;
/** Sent together or not at all while authentication is on: the password is write-only upstream. */
const AUTH_FIELDS = fieldsWhere(TRUNK_GROUP, (s) => s.onlyWhen?.field === AUTH_SWITCH);

function identity(inputs: TrunkGroupInputs): TrunkGroupKey {
    return { serviceProviderId: inputs.serviceProviderId, groupId: inputs.groupId, name: inputs.name };
}

/** A sparse modify carries the identity keys always; anything more is a change to send. */
function changesBeyondIdentity(body: TrunkGroupModifyBody): boolean {
    return Object.keys(body).some((k) => !(IDENTITY_FIELDS as readonly string[]).includes(k));
}

/** Every set field that applies (no SIP credentials while authentication is off); unset ones keep BroadWorks' default. */
function createBody(inputs: TrunkGroupInputs): TrunkGroupCreateBody {
    const body: TrunkGroupCreateBody = { ...identity(inputs), maxActiveCalls: inputs.maxActiveCalls };
    for (const key of fieldNames(TRUNK_GROUP)) {
        if (isSet(inputs[key]) && applies(TRUNK_GROUP.fields[key], inputs)) {
            copyField(body, inputs, key);
        }
    }
    return body;
}

async function create(s: Odin, props: Props): Promise<pulumi.dynamic.CreateResult> {
    const c = s.api();
    const inputs = typedInputs(TRUNK_GROUP, props);
    const key = identity(inputs);
    const id = trunkGroupId(key);
    const body = createBody(inputs);
    const adoption = s.adoption(props);
    if (adoption) {
        const adopted = await adoptTrunkGroup(c, adoption, key, body, props, s.log);
        if (adopted) {
            return { id, outs: adopted };
        }
    }
    // Only a trunk group that is really created here: an adopted one may well have its pilot already.
    if (typeof body.pilotUserId === "string") {
        throw new Error(pilotOnCreate(body.pilotUserId, key));
    }
    // Looked up first (adoption has just done so), so an "already exists" to the POST can only be our own POST delivered twice.
    if (!adoption && (await c.findTrunkGroup(key))) {
        throw new Error(alreadyExists(key, false));
    }
    let outcome;
    try {
        outcome = await createOnce({
            what: `Trunk group "${key.name}"`,
            post: () => c.createTrunkGroup(body),
            find: () => c.findTrunkGroup(key, { written: body }),
            differences: (found) => differingFields(TRUNK_GROUP, body, found, TRUNK_GROUP_DIFF),
            idOf: () => id,
            adoptHint: adoptInstruction("odin", TRUNK_GROUP.title),
            isAlreadyExists,
            absentBefore: true,
            // The id is known without the answer, so the engine can keep the trunk group and the next up finish it.
            unconfirmed: (message) =>
                new ResourceInitError(
                    `${message} Pulumi keeps it in state so nothing is lost; run \`pulumi refresh\` then \`pulumi up\` once the API answers.`,
                    id,
                    { ...props, createUnconfirmed: true },
                ),
            log: s.log,
        });
    } catch (e) {
        if (isAlreadyExists(e)) {
            throw new Error(alreadyExists(key, adoption !== undefined));
        }
        if (isCapacityError(e) && isApiError(e)) {
            throw await explainCapacityError(c, key, body.maxActiveCalls, e);
        }
        const input = isApiError(e) ? referenceRefusal(e, body, key, "create") : undefined;
        throw input ? new Error(input) : e;
    }
    const posted = "found" in outcome ? outcome.found : outcome.posted;
    const profile = await readBack(c, key, id, props, posted);
    return { id, outs: buildOutputs(profile, fieldKeys(TRUNK_GROUP, props), props) };
}

function alreadyExists(key: TrunkGroupKey, adopting: boolean): string {
    return (
        `A trunk group named "${key.name}" already exists in group ${key.groupId} of ${key.serviceProviderId}` +
        (adopting
            ? " (it appeared after this run looked for it); run `pulumi up` again to adopt it."
            : `, and this stack does not manage it. ${adoptInstruction("odin", TRUNK_GROUP.title)} Or choose another name.`)
    );
}

/**
 * The profile to build outputs from: the answer at hand when it shows every
 * value the program set, else read until two answers agree (see kit/settle.ts).
 */
function settledProfile(c: OdinClient, key: TrunkGroupKey, expected: Props, first?: TrunkGroupProfile): Promise<TrunkGroupProfile> {
    // A write's answer stands in for the first read only when it is a whole profile of this trunk group.
    let pending = first !== undefined && profileProblem(first, key, { complete: true }) === undefined ? first : undefined;
    return settledRead<TrunkGroupProfile>({
        what: `Trunk group "${key.name}"`,
        read: async () => {
            const answer = pending ?? (await c.findTrunkGroup(key));
            pending = undefined;
            if (!answer) {
                throw new Error(deletedOutside(key));
            }
            return answer;
        },
        expected: (p) => shows(p, expected),
        same: sameJson,
    });
}

/** Whether a profile holds every value of these inputs (or outputs) that BroadWorks reports. */
function shows(profile: TrunkGroupProfile, expected: Props): boolean {
    return Object.keys(expected).every((k) => {
        const spec = fieldSpec(TRUNK_GROUP, k);
        return !spec || spec.identity || spec.writeOnly || !applies(spec, expected) || sameValue(spec, k, ownValue(profile, k) ?? null, expected[k], TRUNK_GROUP_DIFF);
    });
}

async function readBack(c: OdinClient, key: TrunkGroupKey, id: string, props: Props, posted: TrunkGroupProfile): Promise<TrunkGroupProfile> {
    try {
        return await settledProfile(c, key, props, posted);
    } catch (e) {
        throw new ResourceInitError(
            `Trunk group "${key.name}" was created but reading it back failed: ${(e as Error).message}. Run \`pulumi refresh\`.`,
            id,
            // Whole inputs, __provider included: the engine needs it to read or delete later.
            { ...props },
        );
    }
}

async function read(s: Odin, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const c = s.api();
    const key = keyOf(id, props);
    const found = await locate(c, key, props);
    if (!found) {
        await refuseIfPossiblyRenamed(c, key, props, "refresh");
        return { id: "", props: {} };
    }
    // A value that differs from the state's is drift only once a second answer says the same.
    const profile = await settledProfile(c, found.key, props, found.profile);
    const managed = onlyIdentity(props) ? settableKeysOf(profile) : fieldKeys(TRUNK_GROUP, props);
    const outs = buildOutputs(profile, managed, props);
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

async function update(s: Odin, id: string, olds: Props, newProps: Props): Promise<pulumi.dynamic.UpdateResult> {
    const c = s.api();
    if (olds.createUnconfirmed === true) {
        // A create whose POST fate was never established: finish it now.
        const existing = await c.findTrunkGroup(keyOf(id, olds));
        if (!existing) {
            return { outs: (await create(s, newProps)).outs };
        }
    }
    const news = typedInputs(TRUNK_GROUP, newProps);
    const changed = fieldsIn(TRUNK_GROUP, diffTrunkGroup(olds, newProps).changedKeys);
    let key = keyOf(id, olds);
    if (pendingName(olds, key)) {
        // An earlier update could not tell whether its rename was applied: address it where it is.
        key = (await locate(c, key, olds))?.key ?? key;
    }
    const body: TrunkGroupModifyBody = { ...key };
    for (const k of changed) {
        if (!TRUNK_GROUP.fields[k].identity && !AUTH_FIELDS.includes(k)) {
            copyField(body, news, k);
        }
    }
    if (news.name !== key.name) {
        body.newName = news.name;
    }
    const passwordUnknownUpstream = !isSet(olds.sipAuthenticationPassword);
    if (news[AUTH_SWITCH] === true && (passwordUnknownUpstream || changed.some((k) => k === AUTH_SWITCH || AUTH_FIELDS.includes(k)))) {
        for (const k of AUTH_FIELDS) {
            copyField(body, news, k);
        }
    }
    const finalKey: TrunkGroupKey = { ...key, name: body.newName ?? key.name };
    if (typeof body.pilotUserId === "string") {
        await refuseUnhostedPilot(c, key, body.pilotUserId);
    }
    const state: PartialUpdate = { id, olds, provider: newProps[PROVIDER_KEY] };
    let profile: TrunkGroupProfile | undefined;
    const { newName, ...rest } = body;
    if (newName !== undefined) {
        profile = await rename(c, key, newName, state);
    }
    if (changesBeyondIdentity(rest)) {
        try {
            profile = await modify(c, { ...rest, name: finalKey.name }, finalKey);
        } catch (e) {
            throw newName === undefined ? e : renamedOnly(e, key, newName, state);
        }
    }
    // The outputs show the system: what was written, confirmed by an answer that shows it.
    try {
        profile = await settledProfile(c, finalKey, newProps, profile);
    } catch (e) {
        throw newName === undefined ? e : renamedOnly(e, key, newName, state);
    }
    return { outs: buildOutputs(profile, fieldKeys(TRUNK_GROUP, newProps), newProps) };
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
        return await c.modifyTrunkGroup({ ...key, newName });
    } catch (e) {
        if (!isApiError(e)) {
            throw e;
        }
        if (e.apiBody === true && e.status !== undefined && e.status < 500) {
            // Odin's own refusal: nothing was applied by this PUT.
            if (isNotFound(e) || e.status === 400) {
                if (await c.findTrunkGroup(key)) {
                    throw e;
                }
                const renamed = await c.findTrunkGroup(renamedKey);
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
    const current = await c.findTrunkGroup(key);
    if (!current) {
        throw new Error(deletedOutside(key));
    }
    const refusal = pilotNotHosted(pilot, key, current.users);
    if (refusal) {
        throw new Error(refusal);
    }
}

const deletedOutside = (key: TrunkGroupKey) => `Trunk group "${key.name}" was deleted outside Pulumi; run \`pulumi refresh\` so the next \`pulumi up\` creates it again`;

/** The sparse PUT of everything but a rename. */
async function modify(c: OdinClient, body: TrunkGroupModifyBody, key: TrunkGroupKey): Promise<TrunkGroupProfile | undefined> {
    try {
        return await c.modifyTrunkGroup(body);
    } catch (e) {
        if (!isApiError(e)) {
            throw e;
        }
        if (isCapacityError(e) && typeof body.maxActiveCalls === "number") {
            throw await explainCapacityError(c, key, body.maxActiveCalls, e);
        }
        if (e.status !== 400 && e.status !== 404) {
            throw e;
        }
        // A PUT's "not found" may be about a user, a device, a department or a
        // reroute target it names: only the trunk group's own lookup says it is gone.
        if (await c.findTrunkGroup(key)) {
            const input = referenceRefusal(e, body, key, "update");
            throw input ? new Error(input) : e;
        }
        throw e.withHint(deletedOutside(key));
    }
}

/**
 * One DELETE in the common case. BroadWorks refuses to delete a trunk group
 * that still has a pilot user: only then is the pilot cleared and the DELETE
 * repeated (issue 16). "Not found" at the first attempt means gone, unless an
 * interrupted rename moved it (see locate.ts).
 */
async function remove(s: Odin, id: string, props: Props): Promise<void> {
    const c = s.api();
    const key = keyOf(id, props);
    if ((await deleteOne(c, key)) === "deleted") {
        return;
    }
    const moved = pendingName(props, key) ? await locate(c, key, props) : undefined;
    if (moved) {
        await deleteOne(c, moved.key);
        return;
    }
    await refuseIfPossiblyRenamed(c, key, props, "delete");
}

async function deleteOne(c: OdinClient, key: TrunkGroupKey): Promise<"deleted" | "absent"> {
    try {
        return await c.deleteTrunkGroup(key);
    } catch (e) {
        if (!isPilotBlocksDelete(e)) {
            throw e;
        }
        await c.modifyTrunkGroup({ ...key, pilotUserId: null });
        return c.deleteTrunkGroup(key);
    }
}

function connect(config: ConfigSource | undefined, secrets: SecretRegistry, log: Logger): OdinClient {
    const settings = resolveOdinSettings(config);
    secrets.add(settings.password);
    return new OdinClient({ ...settings, secrets, log });
}

export const { handlers, resetForTests } = resourceHandlers({ tag: "odin", connect, check: checkTrunkGroup, diff: diffTrunkGroup, create, read, update, delete: remove });

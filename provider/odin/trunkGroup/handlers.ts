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
import { differingFields } from "../../kit/diff";
import { ResourceInitError } from "../../kit/errors";
import { Session, resourceHandlers } from "../../kit/handlers";
import { applies, copyField, fieldKeys, fieldNames, fieldsIn, fieldsWhere, isSet, typedInputs } from "../../kit/schema";
import { OdinClient } from "../client";
import { ConfigSource, resolveOdinSettings } from "../config";
import { isAlreadyExists, isCapacityError } from "../errors";
import type { TrunkGroupCreateBody, TrunkGroupKey, TrunkGroupModifyBody, TrunkGroupProfile } from "../types";
import { adoptTrunkGroup } from "./adopt";
import { explainCapacityError } from "./capacityError";
import { pilotNotHosted, pilotOnCreate, referenceRefusal } from "./references";
import { checkTrunkGroup } from "./check";
import { TRUNK_GROUP_DIFF, diffTrunkGroup } from "./diff";
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
    let outcome;
    try {
        outcome = await createOnce({
            what: `Trunk group "${key.name}"`,
            post: () => c.createTrunkGroup(body),
            find: () => c.findTrunkGroup(key),
            differences: (found) => differingFields(TRUNK_GROUP, body, found, TRUNK_GROUP_DIFF),
            idOf: () => id,
            adoptHint: adoptInstruction("odin", TRUNK_GROUP.title),
            isAlreadyExists,
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
            throw new Error(
                `A trunk group named "${key.name}" already exists in group ${key.groupId} of ${key.serviceProviderId}` +
                    (adoption
                        ? " (it appeared after this run looked for it); run `pulumi up` again to adopt it."
                        : `, and this stack does not manage it. ${adoptInstruction("odin", TRUNK_GROUP.title)} Or choose another name.`),
            );
        }
        if (isCapacityError(e) && isApiError(e)) {
            throw await explainCapacityError(c, key, body.maxActiveCalls, e);
        }
        const input = isApiError(e) ? referenceRefusal(e, body, key, "create") : undefined;
        throw input ? new Error(input) : e;
    }
    let profile = "found" in outcome ? outcome.found : outcome.posted;
    if (!profile || typeof profile !== "object" || profile.name === undefined) {
        profile = await readBack(c, key, id, props);
    }
    return { id, outs: buildOutputs(profile, fieldKeys(TRUNK_GROUP, props), props) };
}

async function readBack(c: OdinClient, key: TrunkGroupKey, id: string, props: Props): Promise<TrunkGroupProfile> {
    try {
        return await c.getTrunkGroup(key);
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
    const profile = await s.api().findTrunkGroup(keyOf(id, props));
    if (!profile) {
        return { id: "", props: {} };
    }
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
    const key = keyOf(id, olds);
    const body: TrunkGroupModifyBody = { ...key };
    for (const k of changed) {
        if (!TRUNK_GROUP.fields[k].identity && !AUTH_FIELDS.includes(k)) {
            copyField(body, news, k);
        }
    }
    if (changed.includes("name")) {
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
    let profile: TrunkGroupProfile | undefined;
    if (changesBeyondIdentity(body)) {
        profile = await modify(c, body, key, finalKey);
    }
    if (!profile || profile.name === undefined || String(profile.name) !== finalKey.name) {
        profile = await c.getTrunkGroup(finalKey);
    }
    return { outs: buildOutputs(profile, fieldKeys(TRUNK_GROUP, newProps), newProps) };
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

async function modify(c: OdinClient, body: TrunkGroupModifyBody, key: TrunkGroupKey, finalKey: TrunkGroupKey): Promise<TrunkGroupProfile | undefined> {
    try {
        return await c.modifyTrunkGroup(body);
    } catch (e) {
        if (!isApiError(e)) {
            throw e;
        }
        if (isCapacityError(e) && typeof body.maxActiveCalls === "number") {
            throw await explainCapacityError(c, finalKey, body.maxActiveCalls, e);
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
        if (body.newName) {
            // A rename whose answer was lost and then retried: the old name is gone
            // because the first PUT worked. Apply the rest under the new name.
            const renamed = await c.findTrunkGroup(finalKey);
            if (renamed) {
                const rest: TrunkGroupModifyBody = { ...body, name: body.newName };
                delete rest.newName;
                return changesBeyondIdentity(rest) ? c.modifyTrunkGroup(rest) : renamed;
            }
        }
        throw e.withHint(deletedOutside(key));
    }
}

async function remove(s: Odin, id: string, props: Props): Promise<void> {
    const c = s.api();
    const key = keyOf(id, props);
    const profile = await c.findTrunkGroup(key);
    if (!profile) {
        return; // already gone: the goal is met
    }
    if (profile.pilotUserId) {
        // BroadWorks refuses to delete a trunk group that still has a pilot user.
        await c.modifyTrunkGroup({ ...key, pilotUserId: null });
    }
    await c.deleteTrunkGroup(key);
}

function connect(config: ConfigSource | undefined, secrets: SecretRegistry, log: Logger): OdinClient {
    const settings = resolveOdinSettings(config);
    secrets.add(settings.password);
    return new OdinClient({ ...settings, secrets, log });
}

export const { handlers, resetForTests } = resourceHandlers({ tag: "odin", connect, check: checkTrunkGroup, diff: diffTrunkGroup, create, read, update, delete: remove });

import type * as pulumi from "@pulumi/pulumi";
import { ApiError, isApiError } from "../../http/errors";
import { SecretRegistry, collectSecretValues } from "../../http/redact";
import type { Logger } from "../../http/transport";
import { ResourceInitError } from "../../util/errors";
import { providerLogger } from "../../util/log";
import { OdinClient } from "../client";
import { ConfigSource, resolveOdinSettings } from "../config";
import { isAlreadyExists, isCapacityError, isNotFound } from "../errors";
import type { TrunkGroupCreateBody, TrunkGroupKey, TrunkGroupModifyBody, TrunkGroupProfile } from "../types";
import { explainCapacityError } from "./capacityError";
import { checkTrunkGroup } from "./check";
import { diffTrunkGroup, sameValue } from "./diff";
import { fieldSpec } from "./schema";
import { buildOutputs, inputsFromOutputs, keyOf, settableKeysOf, trunkGroupId } from "./state";

type Props = Record<string, unknown>;

const PROVIDER_KEY = "__provider";
const SIP_FIELDS = ["sipAuthenticationUserName", "sipAuthenticationPassword"];
/** How many times create repeats a POST whose fate it has established was "not applied". */
const MAX_CREATE_ATTEMPTS = 4;

/**
 * The TrunkGroup CRUD handlers, run inside the dynamic-provider host. Settings
 * are read in `configure` (stack config, then environment); the client is
 * built on first use, so a program that only previews never needs credentials
 * for check. Module state is per host process.
 */
let configSource: ConfigSource | undefined;
let cachedClient: OdinClient | undefined;
const secrets = new SecretRegistry();

export function logger(): Logger {
    return providerLogger(secrets, "odin");
}

export function client(): OdinClient {
    if (!cachedClient) {
        const s = resolveOdinSettings(configSource);
        secrets.add(s.password);
        cachedClient = new OdinClient({ ...s, secrets, log: logger() });
    }
    return cachedClient;
}

/** Tests and the harness reset module state between simulated engine runs. */
export function resetForTests(source?: ConfigSource): void {
    configSource = source;
    cachedClient = undefined;
}

/** Every error leaving the provider passes here: nothing secret may reach the engine's log. */
async function guarded<T>(inputs: unknown, fn: () => Promise<T>): Promise<T> {
    collectSecretValues(inputs, (v) => secrets.add(v));
    try {
        return await fn();
    } catch (e) {
        throw scrubError(e);
    }
}

function scrubError(e: unknown): Error {
    if (isApiError(e)) {
        // Built from scrubbed parts already. Leave as a plain Error: grpc-js reads a
        // numeric `code` as the gRPC status and would then drop the message.
        return new Error(e.message);
    }
    const err = e instanceof Error ? e : new Error(String(e));
    const clean = secrets.scrub(err.message);
    if (clean !== err.message) {
        const copy = new Error(clean);
        Object.assign(copy, e instanceof ResourceInitError ? { id: e.id, properties: e.properties, reasons: e.reasons.map((r) => secrets.scrub(r)) } : {});
        return copy;
    }
    return err;
}

function settableOf(inputs: Props): Props {
    const out: Props = {};
    for (const [k, v] of Object.entries(inputs)) {
        if (k !== PROVIDER_KEY && fieldSpec(k)) {
            out[k] = v;
        }
    }
    return out;
}

function identity(inputs: Props): TrunkGroupKey {
    return { serviceProviderId: String(inputs.serviceProviderId), groupId: String(inputs.groupId), name: String(inputs.name) };
}

function createBody(inputs: Props): TrunkGroupCreateBody {
    const body: Props = {};
    for (const [k, v] of Object.entries(settableOf(inputs))) {
        if (v === null || v === undefined) {
            continue; // unset: BroadWorks keeps its default
        }
        if (SIP_FIELDS.includes(k) && inputs.requireAuthentication !== true) {
            continue;
        }
        body[k] = v;
    }
    return body as unknown as TrunkGroupCreateBody;
}

/** Did the trunk group we found come from our own POST? Compare what we sent. */
function matchesSent(profile: TrunkGroupProfile, body: TrunkGroupCreateBody): boolean {
    const p = profile as unknown as Props;
    return Object.entries(body).every(([k, v]) => fieldSpec(k)?.writeOnly || typeof v === "object" || sameValue(fieldSpec(k), k, p[k], v));
}

async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const c = client();
    const key = identity(inputs);
    const id = trunkGroupId(key);
    const body = createBody(inputs);
    let unsure = false;
    for (let attempt = 1; ; attempt++) {
        let profile: TrunkGroupProfile | undefined;
        try {
            profile = await c.createTrunkGroup(body);
        } catch (e) {
            if (isApiError(e) && e.ambiguous) {
                // The POST may have been applied: find out before repeating it.
                unsure = true;
                let found: TrunkGroupProfile | undefined;
                try {
                    found = await c.findTrunkGroup(key);
                } catch (lookup) {
                    throw new ResourceInitError(
                        `Trunk group "${key.name}" may have been created (the POST got no answer: ${e.message}) and looking it up failed too ` +
                            `(${(lookup as Error).message}). Pulumi keeps it in state so nothing is lost; run \`pulumi refresh\` then \`pulumi up\` once the API answers.`,
                        id,
                        { ...inputs, createUnconfirmed: true },
                    );
                }
                if (found) {
                    return adopt(found, body, inputs, id);
                }
                if (attempt < MAX_CREATE_ATTEMPTS) {
                    continue; // established: not applied, so repeating is safe
                }
                throw e;
            }
            if (unsure && isAlreadyExists(e)) {
                const found = await c.findTrunkGroup(key);
                if (found) {
                    return adopt(found, body, inputs, id);
                }
            }
            if (isAlreadyExists(e)) {
                throw new Error(
                    `A trunk group named "${key.name}" already exists in group ${key.groupId} of ${key.serviceProviderId}. ` +
                        `To manage it with Pulumi, adopt it with the resource option { import: "${id}" }, or choose another name.`,
                );
            }
            if (isCapacityError(e) && isApiError(e)) {
                throw await explainCapacityError(c, key, Number(body.maxActiveCalls), e);
            }
            throw e;
        }
        if (!profile || typeof profile !== "object" || profile.name === undefined) {
            profile = await readBack(key, id, inputs);
        }
        return { id, outs: buildOutputs(profile, Object.keys(settableOf(inputs)), inputs) };
    }
}

async function adopt(found: TrunkGroupProfile, body: TrunkGroupCreateBody, inputs: Props, id: string): Promise<pulumi.dynamic.CreateResult> {
    if (!matchesSent(found, body)) {
        throw new Error(
            `Trunk group "${body.name}" exists in group ${body.groupId} but does not match what this program sent, so it was not created by this run. ` +
                `Adopt it with the resource option { import: "${id}" } or choose another name.`,
        );
    }
    return { id, outs: buildOutputs(found, Object.keys(settableOf(inputs)), inputs) };
}

async function readBack(key: TrunkGroupKey, id: string, inputs: Props): Promise<TrunkGroupProfile> {
    try {
        return await client().getTrunkGroup(key);
    } catch (e) {
        throw new ResourceInitError(
            `Trunk group "${key.name}" was created but reading it back failed: ${(e as Error).message}. Run \`pulumi refresh\`.`,
            id,
            // Whole inputs, __provider included: the engine needs it to read or delete later.
            { ...inputs },
        );
    }
}

async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const key = keyOf(id, props);
    const profile = await client().findTrunkGroup(key);
    if (!profile) {
        return { id: "", props: {} };
    }
    const importing = !Object.keys(props ?? {}).some((k) => fieldSpec(k) && k !== "serviceProviderId" && k !== "groupId" && k !== "name");
    const managed = importing ? settableKeysOf(profile) : Object.keys(settableOf(props));
    const outs = buildOutputs(profile, managed, props ?? {});
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const c = client();
    if (olds.createUnconfirmed === true) {
        // A create whose POST fate was never established: finish it now.
        const existing = await c.findTrunkGroup(keyOf(id, olds));
        if (!existing) {
            return { outs: (await create(news)).outs };
        }
    }
    const d = diffTrunkGroup(olds, news);
    const key = keyOf(id, olds);
    const body: TrunkGroupModifyBody = { ...key };
    const b = body as unknown as Props;
    for (const k of d.changedKeys) {
        if (k === "serviceProviderId" || k === "groupId" || k === "name" || SIP_FIELDS.includes(k)) {
            continue;
        }
        b[k] = news[k] ?? null;
    }
    if (d.changedKeys.includes("name")) {
        body.newName = String(news.name);
    }
    const authOn = news.requireAuthentication === true;
    const passwordUnknownUpstream = olds.sipAuthenticationPassword === undefined || olds.sipAuthenticationPassword === null;
    if (authOn && (passwordUnknownUpstream || d.changedKeys.some((k) => k === "requireAuthentication" || SIP_FIELDS.includes(k)))) {
        body.sipAuthenticationUserName = news.sipAuthenticationUserName as string;
        body.sipAuthenticationPassword = news.sipAuthenticationPassword as string;
    }
    const finalKey: TrunkGroupKey = { ...key, name: body.newName ?? key.name };
    let profile: TrunkGroupProfile | undefined;
    if (Object.keys(body).length > 3) {
        profile = await modify(c, body, finalKey);
    }
    if (!profile || profile.name === undefined || String(profile.name) !== finalKey.name) {
        profile = await c.getTrunkGroup(finalKey);
    }
    return { outs: buildOutputs(profile, Object.keys(settableOf(news)), news) };
}

async function modify(c: OdinClient, body: TrunkGroupModifyBody, finalKey: TrunkGroupKey): Promise<TrunkGroupProfile | undefined> {
    try {
        return await c.modifyTrunkGroup(body);
    } catch (e) {
        if (body.newName && isNotFound(e)) {
            // A rename whose answer was lost and then retried: the old name is gone
            // because the first PUT worked. Apply the rest under the new name.
            const renamed = await c.findTrunkGroup(finalKey);
            if (renamed) {
                const rest: TrunkGroupModifyBody = { ...body, name: body.newName };
                delete rest.newName;
                return Object.keys(rest).length > 3 ? c.modifyTrunkGroup(rest) : renamed;
            }
            throw new ApiError({ ...(e as ApiError).fields(), hint: `Trunk group "${body.name}" no longer exists; run \`pulumi refresh\`` });
        }
        if (isNotFound(e)) {
            throw new ApiError({ ...(e as ApiError).fields(), hint: `Trunk group "${body.name}" was deleted outside Pulumi; run \`pulumi refresh\` to re-create it` });
        }
        if (isCapacityError(e) && isApiError(e) && typeof body.maxActiveCalls === "number") {
            throw await explainCapacityError(c, finalKey, body.maxActiveCalls, e);
        }
        throw e;
    }
}

async function remove(id: string, props: Props): Promise<void> {
    const c = client();
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

export const handlers: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        configSource = req.config;
        cachedClient = undefined;
    },
    async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
        collectSecretValues(news, (v) => secrets.add(v));
        const r = checkTrunkGroup(olds, news);
        return { inputs: r.inputs, failures: r.failures.map((f) => ({ property: f.property, reason: secrets.scrub(f.reason) })) };
    },
    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
        const d = diffTrunkGroup(olds, news);
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    },
    create: (inputs: Props) => guarded(inputs, () => create(inputs)),
    read: (id: string, props: Props) => guarded(props, () => read(id, props)),
    update: (id: string, olds: Props, news: Props) => guarded(news, () => update(id, olds, news)),
    delete: (id: string, props: Props) => guarded(props, () => remove(id, props)),
};


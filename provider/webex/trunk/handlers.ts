/**
 * The WebexTrunk CRUD against the Webex Calling API, run by the kit inside
 * the dynamic-provider host: a created object (kit/created.ts) whose id
 * Webex assigns.
 *
 * This file's path and its `handlers` export are also what the provider text
 * of pulumi-trunking 0.1.0 requires, and stacks keep that text for as long as
 * a resource is not updated: neither may ever move. New state loads
 * `pulumi-trunking/dynamic`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ApiError, isApiError } from "../../http/errors";
import type { AnswerCheck } from "../../http/transport";
import { adoptInstruction } from "../../kit/adopt";
import { answerProblem } from "../../kit/answers";
import { createObject, readObject } from "../../kit/created";
import { ResourceInitError } from "../../kit/errors";
import { Change, Session, resourceHandlers } from "../../kit/handlers";
import { fieldKeys } from "../../kit/schema";
import { sameJson, settle } from "../../kit/settle";
import { PROVIDER_KEY } from "../../util/check";
import type { WebexClient } from "../client";
import { WEBEX_API, WebexApi, WebexSettings } from "../config";
import { isConflict, isNotFound } from "../errors";
import type { PChargeInfoSupportPolicy, TrunkGet, TrunkPost, TrunkPut, TrunkRead, TrunkType } from "../types";
import { P_CHARGE_INFO_POLICIES } from "../types";
import { refuseTakenName } from "./names";
import { explainCreateRefusal, explainUpdateRefusal } from "./refusals";
import { WEBEX_TRUNK, WebexTrunkInputs } from "./schema";
import { buildOutputs, reportedValues } from "./state";
import { checkAgainstTrunkTypes } from "./trunkTypes";
import { inUseMessage, usersOfTrunk } from "./usage";

type Props = Record<string, unknown>;
type Webex = Session<WebexApi>;

/** A trunk found by name or id (or made by our POST), with what Webex reports about it. */
interface FoundTrunk {
    id: string;
    read: TrunkRead;
}

/** Webex's answer must be trunk `trunkId` (see kit/answers). */
export function trunkCheck(trunkId: string): AnswerCheck {
    return (data) => answerProblem(WEBEX_TRUNK, data, { key: { id: trunkId } });
}

/** The org a call goes to: the resource's own, else webex:orgId, else the token's. */
function orgOf(props: Props, settings: WebexSettings): string | undefined {
    return typeof props.orgId === "string" && props.orgId !== "" ? props.orgId : settings.orgId;
}

const ADOPT_HINT = adoptInstruction("webex", WEBEX_TRUNK.title);

/** The POST body: every field the program set; orgId travels as a query parameter. */
function postBody(inputs: WebexTrunkInputs): TrunkPost {
    const { orgId: _orgId, ...body } = inputs;
    return body;
}

const reported = (found: FoundTrunk) => reportedValues(found.read, found.id);
const sameTrunk = (a: FoundTrunk, b: FoundTrunk) => a.read.httpStatus === b.read.httpStatus && sameJson(a.read.trunk, b.read.trunk);

async function create(s: Webex, inputs: WebexTrunkInputs, props: Props): Promise<pulumi.dynamic.CreateResult> {
    const { client, settings } = s.api();
    const orgId = orgOf(props, settings);
    const body = postBody(inputs);
    const get = async (id: string): Promise<FoundTrunk> => ({ id, read: await client.getTrunk(id, trunkCheck(id), orgId) });
    return createObject<WebexTrunkInputs, FoundTrunk>({
        schema: WEBEX_TRUNK,
        what: `Webex trunk "${body.name}"`,
        props,
        body,
        adoption: s.adoption(props),
        adoptHint: ADOPT_HINT,
        // By the id the program names, else by the exact name (unique in the org) across every page of the list.
        async find(id) {
            if (id !== undefined) {
                const read = await client.findTrunk(id, trunkCheck(id), orgId);
                return read ? { id, read } : undefined;
            }
            const [candidate] = await client.findTrunksByName(body.name, orgId);
            return candidate ? get(candidate.id) : undefined;
        },
        reported,
        async beforePost() {
            await checkAgainstTrunkTypes(client, body.trunkType, body.deviceType, body.maxConcurrentCalls, orgId);
            await refuseTakenName(client, body.name, orgId, "create");
        },
        post: () => postAndConfirm(client, body, orgId, props),
        isAlreadyExists: isConflict,
        // Webex assigns the id, so without an answer there is nothing for the engine to keep.
        unconfirmed: (message) => new Error(`${message} Check Control Hub; if the trunk exists, ${ADOPT_HINT.charAt(0).toLowerCase()}${ADOPT_HINT.slice(1)}`),
        explain: (e, adopting) => explainCreateRefusal(client, e, body, orgId, adopting),
        // One PUT, which Webex requires to carry name and password.
        apply: (found) => client.updateTrunk(found.id, putBody(inputs, found.read.trunk, new Set(fieldKeys(WEBEX_TRUNK, inputs))), orgId),
        read: (found) => get(found.id),
        same: sameTrunk,
        idOf: (found) => found.id,
        outputs: (found) => buildOutputs(found.read, found.id, props, orgId),
        unread: (id) => unreadState(id, props, orgId),
        log: s.log,
    });
}

/** What the state keeps of a trunk that exists but could not be read: its id, so it is tracked, not leaked. */
function unreadState(id: string, props: Props, orgId: string | undefined): Props {
    const properties: Props = Object.fromEntries(fieldKeys(WEBEX_TRUNK, props).map((k) => [k, props[k]]));
    properties.trunkId = id;
    delete properties.password; // kept out of the error payload; the diff then asks for an update that sends it
    if (orgId) {
        properties.orgId = orgId;
    }
    // The host does not add it to an error's properties, and without it the
    // engine's later read, update or delete of this trunk could not load us.
    properties[PROVIDER_KEY] = props[PROVIDER_KEY];
    return properties;
}

/**
 * The POST, then the trunk its answer names. That answer carries nothing but
 * an id, and a gateway can hand back another answer's: the trunk must be the
 * one just created (its name and location), else the POST's fate is unknown
 * and createOnce looks the trunk up by name. A trunk made but not readable is
 * handed to the engine by its id.
 */
async function postAndConfirm(client: WebexClient, body: TrunkPost, orgId: string | undefined, props: Props): Promise<FoundTrunk> {
    const { id } = await client.createTrunk(body, orgId);
    let read: TrunkRead | undefined;
    try {
        read = await client.findTrunk(id, trunkCheck(id), orgId);
    } catch (e) {
        throw new ResourceInitError(
            `Webex trunk "${body.name}" was created (id ${id}) but reading it back failed: ${(e as Error)?.message ?? String(e)}. Run \`pulumi refresh\`.`,
            id,
            unreadState(id, props, orgId),
        );
    }
    const location = read?.trunk.location?.id;
    if (!read || read.trunk.name !== body.name || (location !== undefined && location !== body.locationId)) {
        throw new ApiError({
            api: "Webex",
            method: "POST",
            path: "/telephony/config/premisePstn/trunks",
            status: 201,
            apiMessage: `the create answer named trunk ${id}, which is ${read ? `"${read.trunk.name}"` : "not there"}, not the trunk just created`,
            attempts: 1,
            ambiguous: true,
            failure: "invalid-body",
        });
    }
    return { id, read };
}

async function read(s: Webex, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const { client, settings } = s.api();
    const orgId = orgOf(props, settings);
    return readObject<WebexTrunkInputs, FoundTrunk>({
        schema: WEBEX_TRUNK,
        what: typeof props.name === "string" ? `Webex trunk "${props.name}"` : `Webex trunk ${id}`,
        id,
        props,
        find: async () => {
            const found = await client.findTrunk(id, trunkCheck(id), orgId);
            return found ? { id, read: found } : undefined;
        },
        read: async () => ({ id, read: await client.getTrunk(id, trunkCheck(id), orgId) }),
        reported,
        same: sameTrunk,
        // On refresh `props` are the previous outputs, so the password last sent
        // is kept. Outputs without one (a half-made create) stay without: the diff
        // then asks for an update, which sends the declared one.
        outputs: (found) => buildOutputs(found.read, id, props, orgId),
    });
}

async function update(s: Webex, change: Change<WebexTrunkInputs>): Promise<pulumi.dynamic.UpdateResult> {
    const { client, settings } = s.api();
    const id = change.id;
    const orgId = orgOf(change.props, settings);
    let current: TrunkGet;
    try {
        current = (await client.getTrunk(id, trunkCheck(id), orgId)).trunk;
    } catch (e) {
        if (isNotFound(e)) {
            throw (e as ApiError).withHint(`Webex trunk ${id} was deleted outside Pulumi; run \`pulumi refresh\` so the next \`pulumi up\` creates it again`);
        }
        throw e;
    }
    if (change.changed.includes("maxConcurrentCalls")) {
        await checkAgainstTrunkTypes(client, String(current.trunkType ?? change.news.trunkType), current.deviceType ?? change.news.deviceType, change.news.maxConcurrentCalls, orgId);
    }
    if (current.name !== change.news.name) {
        await refuseTakenName(client, change.news.name, orgId, "rename", id);
    }
    const body = putBody(change.news, current, new Set(change.changed));
    try {
        await client.updateTrunk(id, body, orgId);
    } catch (e) {
        throw await explainUpdateRefusal(client, e, id, body.name, current.location?.id ?? change.news.locationId, orgId);
    }
    const after = await settle(WEBEX_TRUNK, change.props, {
        what: `Webex trunk "${body.name}"`,
        read: async () => ({ id, read: await client.getTrunk(id, trunkCheck(id), orgId) }),
        reported,
        same: sameTrunk,
    });
    return { outs: buildOutputs(after.read, id, change.props, orgId) };
}

/**
 * Webex PUTs replace the settable fields as a whole, so the body is a
 * read-modify-write of the GET just made: a field the program changed goes
 * out with the program's value, every other one with the value Webex has now
 * (never omitted, which may reset it). The program's unchanged value is not
 * good enough: under ignoreChanges the engine hands over the OLD input, which
 * would write over a change made in Control Hub. The
 * password has no live value to keep, so the program's goes out.
 * maxConcurrentCalls belongs to certificate-based trunks only: a registering
 * trunk's GET shows its device type's limit, and echoing that back (after an
 * import, say) is refused. The trunk's own type decides, not the program's,
 * which check has already matched to it or a replace follows.
 */
function putBody(news: WebexTrunkInputs, current: TrunkGet, changed: ReadonlySet<string>): TrunkPut {
    const live = <K extends "name" | "dualIdentitySupportEnabled" | "pChargeInfoSupportPolicy" | "maxConcurrentCalls">(key: K) =>
        changed.has(key) ? news[key] : (current[key] ?? news[key]);
    const body: TrunkPut = { name: String(live("name")), password: news.password };
    const dual = live("dualIdentitySupportEnabled");
    if (typeof dual === "boolean") {
        body.dualIdentitySupportEnabled = dual;
    }
    const policy = String(live("pChargeInfoSupportPolicy") ?? "").toUpperCase();
    if ((P_CHARGE_INFO_POLICIES as readonly string[]).includes(policy)) {
        body.pChargeInfoSupportPolicy = policy as PChargeInfoSupportPolicy;
    }
    const certificate = String(current.trunkType ?? news.trunkType ?? "").toUpperCase() === ("CERTIFICATE_BASED" satisfies TrunkType);
    const calls = certificate ? live("maxConcurrentCalls") : undefined;
    if (typeof calls === "number" && Number.isFinite(calls)) {
        body.maxConcurrentCalls = calls;
    }
    return body;
}

/**
 * Webex refuses to delete a trunk that route groups, dial plans or locations
 * still use, with a bare 409 (no documented code). So the usage is read first
 * and the delete refused with what uses the trunk; the DELETE's own refusal
 * (usage changed in between, or unreadable) is explained from a fresh read.
 */
async function remove(s: Webex, id: string, props: Props): Promise<void> {
    const { client, settings } = s.api();
    const orgId = orgOf(props, settings);
    const trunk = typeof props.name === "string" ? `Webex trunk "${props.name}" (id ${id})` : `Webex trunk ${id}`;
    const users = await usersOfTrunk(client, id, orgId, s.log);
    if (users && users.length > 0) {
        throw new Error(inUseMessage(trunk, users));
    }
    try {
        await client.deleteTrunk(id, trunkCheck(id), orgId); // 404: already gone, which is the goal
    } catch (e) {
        if (isApiError(e) && (e.status === 409 || e.status === 400)) {
            const now = await usersOfTrunk(client, id, orgId, s.log);
            throw e.withHint(
                now && now.length > 0
                    ? inUseMessage(trunk, now)
                    : "A trunk still used by a route group, a dial plan, a location's PSTN connection or call-to-extension settings cannot be deleted; " +
                          "remove those references first (GET .../premisePstn/trunks/{id}/usage lists them)",
            );
        }
        throw e;
    }
}

export const { handlers, resetForTests } = resourceHandlers({ schema: WEBEX_TRUNK, api: WEBEX_API, create, read, update, delete: remove });

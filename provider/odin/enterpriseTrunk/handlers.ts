/**
 * The EnterpriseTrunk CRUD against the Odin API, run by the kit inside the
 * dynamic-provider host: a created object (kit/created.ts) at enterprise or
 * group level, renamed in place by `newEnterpriseTrunkName`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isApiError } from "../../http/errors";
import type { AnswerCheck } from "../../http/transport";
import { adoptInstruction } from "../../kit/adopt";
import { answerCheck } from "../../kit/answers";
import { UNCONFIRMED, byIdentity, createObject, readObject } from "../../kit/created";
import { showsEvery } from "../../kit/diff";
import { ResourceInitError } from "../../kit/errors";
import { Change, Session, resourceHandlers } from "../../kit/handlers";
import { applies, copyField, fieldNames, identityIn, isSet } from "../../kit/schema";
import { settle } from "../../kit/settle";
import { managedOutputs } from "../../kit/state";
import { PROVIDER_KEY } from "../../util/check";
import type { OdinClient } from "../client";
import { ODIN_API } from "../config";
import { isAlreadyExists, isNotFound } from "../errors";
import type { EnterpriseTrunk, EnterpriseTrunkKey, EnterpriseTrunkModifyBody } from "../types";
import { ENTERPRISE_TRUNK, EnterpriseTrunkInputs } from "./schema";

type Props = Record<string, unknown>;
type Odin = Session<OdinClient>;

/** Odin's answer must be this enterprise trunk: whole for a read, showing what was written for a write. */
export function enterpriseTrunkCheck(key: EnterpriseTrunkKey, written?: object): AnswerCheck {
    return answerCheck(ENTERPRISE_TRUNK, keyOf(key), written);
}

function keyOf(v: EnterpriseTrunkKey): EnterpriseTrunkKey {
    return { serviceProviderId: v.serviceProviderId, ...(v.groupId !== undefined ? { groupId: v.groupId } : {}), enterpriseTrunkName: v.enterpriseTrunkName };
}

function stateKey(id: string, props: Props): EnterpriseTrunkKey {
    const k = identityIn(ENTERPRISE_TRUNK, id, props);
    return keyOf({ serviceProviderId: k.serviceProviderId, groupId: k.groupId, enterpriseTrunkName: k.enterpriseTrunkName });
}

const find = (c: OdinClient, key: EnterpriseTrunkKey) => c.findEnterpriseTrunk(key, enterpriseTrunkCheck(key));

const what = (key: EnterpriseTrunkKey) => `Enterprise trunk "${key.enterpriseTrunkName}"`;
const where = (key: EnterpriseTrunkKey) => (key.groupId !== undefined ? `group ${key.groupId} of ${key.serviceProviderId}` : `enterprise ${key.serviceProviderId}`);
const deletedOutside = (key: EnterpriseTrunkKey) => `${what(key)} was deleted outside Pulumi; run \`pulumi refresh\` so the next \`pulumi up\` creates it again`;

async function readTrunk(c: OdinClient, key: EnterpriseTrunkKey): Promise<EnterpriseTrunk> {
    const et = await find(c, key);
    if (!et) {
        throw new Error(deletedOutside(key));
    }
    return et;
}

const outputs = (et: EnterpriseTrunk, props: Props): Props => managedOutputs(ENTERPRISE_TRUNK, { ...et }, props);

/** How create and read find, read and report one enterprise trunk (the state's `props`). */
function known(c: OdinClient, key: EnterpriseTrunkKey, props: Props) {
    return {
        schema: ENTERPRISE_TRUNK,
        what: what(key),
        props,
        find: () => find(c, key),
        read: () => readTrunk(c, key),
        reported: (et: EnterpriseTrunk): Props => ({ ...et }),
        outputs: (et: EnterpriseTrunk) => outputs(et, props),
    };
}

/**
 * The fields a write sends: each set field that applies. A routing the
 * program dropped (null) is not sent: the one it chose replaces it.
 */
function settingsOf(inputs: EnterpriseTrunkInputs, keys: readonly (keyof EnterpriseTrunkInputs & string)[]): EnterpriseTrunkModifyBody {
    const body: EnterpriseTrunkModifyBody = keyOf(inputs);
    for (const k of keys) {
        const spec = ENTERPRISE_TRUNK.fields[k];
        const clearsRouting = inputs[k] === null && spec.kind === "object";
        if (!spec.identity && inputs[k] !== undefined && !clearsRouting && applies(spec, inputs)) {
            copyField(body, inputs, k);
        }
    }
    return body;
}

async function create(s: Odin, inputs: EnterpriseTrunkInputs, props: Props): Promise<pulumi.dynamic.CreateResult> {
    const c = s.api();
    const key = keyOf(inputs);
    const body = settingsOf(
        inputs,
        fieldNames(ENTERPRISE_TRUNK).filter((k) => isSet(inputs[k])),
    );
    const alreadyExists = (adopting: boolean) =>
        `An enterprise trunk named "${key.enterpriseTrunkName}" already exists in ${where(key)}` +
        (adopting ? " (it appeared after this run looked for it); run `pulumi up` again to adopt it." : `, and this stack does not manage it. ${adoptInstruction("odin", ENTERPRISE_TRUNK.title)} Or choose another name.`);
    return createObject<EnterpriseTrunkInputs, EnterpriseTrunk>({
        ...known(c, key, props),
        whereabouts: `${what(key)} in ${where(key)}`,
        body,
        adoption: s.adoption(props),
        adoptHint: adoptInstruction("odin", ENTERPRISE_TRUNK.title),
        async beforePost(adopting) {
            if (!adopting && (await find(c, key))) {
                throw new Error(alreadyExists(false));
            }
        },
        post: () => c.createEnterpriseTrunk(body, enterpriseTrunkCheck(key, body)),
        isAlreadyExists,
        explain: async (e, adopting) => (isAlreadyExists(e) ? new Error(alreadyExists(adopting)) : e),
        // One sparse PUT of the identity and the differing fields.
        apply: async (_et, fields) => {
            await c.modifyEnterpriseTrunk(settingsOf(inputs, fields), enterpriseTrunkCheck(key, {}));
        },
        log: s.log,
        ...byIdentity(ENTERPRISE_TRUNK, props, key, (et) => enterpriseTrunkCheck(key)(et) === undefined),
    });
}

async function read(s: Odin, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const c = s.api();
    const key = stateKey(id, props);
    return readObject({ ...known(c, key, props), id });
}

/**
 * One sparse PUT: the identity, what changed and, for a new name,
 * `newEnterpriseTrunkName`. A PUT repeated after a lost answer meets "not
 * found" under the old name: the trunk found under the new one, with every
 * value the program declares, is the first PUT's work. A rename applied
 * while the rest failed is recorded, so the state follows the name.
 */
async function update(s: Odin, change: Change<EnterpriseTrunkInputs>): Promise<pulumi.dynamic.UpdateResult> {
    const c = s.api();
    const key = stateKey(change.id, change.olds);
    if (change.olds[UNCONFIRMED] === true && !(await find(c, key))) {
        return { outs: (await create(s, change.news, change.props)).outs };
    }
    const body = settingsOf(change.news, change.changed);
    body.enterpriseTrunkName = key.enterpriseTrunkName;
    const renamed = change.news.enterpriseTrunkName !== key.enterpriseTrunkName ? change.news.enterpriseTrunkName : undefined;
    if (renamed !== undefined) {
        body.newEnterpriseTrunkName = renamed;
    }
    const finalKey = keyOf({ ...key, enterpriseTrunkName: renamed ?? key.enterpriseTrunkName });
    let answer: EnterpriseTrunk | undefined;
    try {
        answer = await c.modifyEnterpriseTrunk(body, enterpriseTrunkCheck(finalKey, body));
    } catch (e) {
        if (!isApiError(e)) {
            throw e;
        }
        const gone = isNotFound(e) || e.status === 400 ? !(await find(c, key)) : false;
        const moved = gone && renamed !== undefined ? await find(c, finalKey) : undefined;
        if (!moved) {
            throw gone && renamed === undefined ? e.withHint(deletedOutside(key)) : e;
        }
        if (!showsEvery(ENTERPRISE_TRUNK, { ...moved }, change.props)) {
            throw new ResourceInitError(
                `${e.message}. ${what(key)} was renamed to "${renamed}", but the rest of the update was not confirmed; Pulumi records the new name. Run \`pulumi up\` again to finish it.`,
                change.id,
                { ...change.olds, [PROVIDER_KEY]: change.props[PROVIDER_KEY], enterpriseTrunkName: renamed },
            );
        }
        answer = moved;
    }
    const whole = answer !== undefined && enterpriseTrunkCheck(finalKey)(answer) === undefined ? answer : undefined;
    const after = await settle(ENTERPRISE_TRUNK, change.props, { what: what(finalKey), first: whole, read: () => readTrunk(c, finalKey), reported: (et) => ({ ...et }) });
    return { outs: outputs(after, change.props) };
}

/** One DELETE; an enterprise trunk already gone is what destroy wants. */
async function remove(s: Odin, id: string, props: Props): Promise<void> {
    const c = s.api();
    const key = stateKey(id, props);
    await c.deleteEnterpriseTrunk(key, enterpriseTrunkCheck(key));
}

export const { handlers, resetForTests } = resourceHandlers({ schema: ENTERPRISE_TRUNK, api: ODIN_API, create, read, update, delete: remove });

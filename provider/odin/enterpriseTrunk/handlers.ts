/**
 * The EnterpriseTrunk CRUD against the Odin API, run by the kit inside the
 * dynamic-provider host: a created object (kit/created.ts) at enterprise or
 * group level, renamed in place by `newEnterpriseTrunkName`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isApiError } from "../../http/errors";
import type { AnswerCheck } from "../../http/transport";
import { adoptInstruction } from "../../kit/adopt";
import { answerProblem } from "../../kit/answers";
import { createObject, readObject } from "../../kit/created";
import { showsEvery } from "../../kit/diff";
import { ResourceInitError } from "../../kit/errors";
import { Change, Session, resourceHandlers } from "../../kit/handlers";
import { applies, copyField, fieldKeys, fieldNames, identityIn, idOf, isSet } from "../../kit/schema";
import { settle } from "../../kit/settle";
import { outputsOf } from "../../kit/state";
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
    const identity = keyOf(key);
    return (data) => answerProblem(ENTERPRISE_TRUNK, data, written ? { key: identity, written } : { key: identity, complete: true });
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

/** The outputs: the fields the program manages (every one Odin reports, for an import by id). */
function outputs(et: EnterpriseTrunk, props: Props): Props {
    const reported: Props = { ...et };
    const onlyIdentity = fieldKeys(ENTERPRISE_TRUNK, props).every((k) => ENTERPRISE_TRUNK.fields[k].identity);
    const managed = onlyIdentity ? fieldNames(ENTERPRISE_TRUNK).filter((k) => isSet(reported[k]) || ENTERPRISE_TRUNK.fields[k].identity) : fieldKeys(ENTERPRISE_TRUNK, props);
    return outputsOf(ENTERPRISE_TRUNK, reported, props, managed);
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
    const id = idOf(ENTERPRISE_TRUNK, key);
    const body = settingsOf(
        inputs,
        fieldNames(ENTERPRISE_TRUNK).filter((k) => isSet(inputs[k])),
    );
    const alreadyExists = (adopting: boolean) =>
        `An enterprise trunk named "${key.enterpriseTrunkName}" already exists in ${where(key)}` +
        (adopting ? " (it appeared after this run looked for it); run `pulumi up` again to adopt it." : `, and this stack does not manage it. ${adoptInstruction("odin", ENTERPRISE_TRUNK.title)} Or choose another name.`);
    return createObject<EnterpriseTrunkInputs, EnterpriseTrunk>({
        schema: ENTERPRISE_TRUNK,
        what: what(key),
        whereabouts: `${what(key)} in ${where(key)}`,
        props,
        body,
        adoption: s.adoption(props),
        adoptHint: adoptInstruction("odin", ENTERPRISE_TRUNK.title),
        find: () => find(c, key),
        reported: (et) => ({ ...et }),
        async beforePost(adopting) {
            if (!adopting && (await find(c, key))) {
                throw new Error(alreadyExists(false));
            }
        },
        post: () => c.createEnterpriseTrunk(body, enterpriseTrunkCheck(key, body)),
        isAlreadyExists,
        // The id is known without the answer: the engine keeps it and the next up finishes the create.
        unconfirmed: (message) =>
            new ResourceInitError(`${message} Pulumi keeps it in state so nothing is lost; run \`pulumi refresh\` then \`pulumi up\` once the API answers.`, id, {
                ...props,
                createUnconfirmed: true,
            }),
        explain: async (e, adopting) => (isAlreadyExists(e) ? new Error(alreadyExists(adopting)) : e),
        // One sparse PUT of the identity and the differing fields.
        apply: async (_et, fields) => {
            await c.modifyEnterpriseTrunk(settingsOf(inputs, fields), enterpriseTrunkCheck(key, {}));
        },
        read: () => readTrunk(c, key),
        whole: (et) => enterpriseTrunkCheck(key)(et) === undefined,
        idOf: () => id,
        outputs: (et) => outputs(et, props),
        unread: () => ({ ...props }),
        log: s.log,
    });
}

async function read(s: Odin, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const c = s.api();
    const key = stateKey(id, props);
    return readObject<EnterpriseTrunkInputs, EnterpriseTrunk>({
        schema: ENTERPRISE_TRUNK,
        what: what(key),
        id,
        props,
        find: () => find(c, key),
        read: () => readTrunk(c, key),
        reported: (et) => ({ ...et }),
        outputs: (et) => outputs(et, props),
    });
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
    const { id, olds, news, props, changed } = change;
    const key = stateKey(id, olds);
    if (olds.createUnconfirmed === true && !(await find(c, key))) {
        return { outs: (await create(s, news, props)).outs };
    }
    const body = settingsOf(news, changed);
    body.enterpriseTrunkName = key.enterpriseTrunkName;
    const renamed = news.enterpriseTrunkName !== key.enterpriseTrunkName ? news.enterpriseTrunkName : undefined;
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
        if (!showsEvery(ENTERPRISE_TRUNK, { ...moved }, props)) {
            throw new ResourceInitError(
                `${e.message}. ${what(key)} was renamed to "${renamed}", but the rest of the update was not confirmed; Pulumi records the new name. Run \`pulumi up\` again to finish it.`,
                id,
                { ...olds, [PROVIDER_KEY]: props[PROVIDER_KEY], enterpriseTrunkName: renamed },
            );
        }
        answer = moved;
    }
    const whole = answer !== undefined && enterpriseTrunkCheck(finalKey)(answer) === undefined ? answer : undefined;
    const after = await settle(ENTERPRISE_TRUNK, props, { what: what(finalKey), first: whole, read: () => readTrunk(c, finalKey), reported: (et) => ({ ...et }) });
    return { outs: outputs(after, props) };
}

/** One DELETE; an enterprise trunk already gone is what destroy wants. */
async function remove(s: Odin, id: string, props: Props): Promise<void> {
    const c = s.api();
    const key = stateKey(id, props);
    await c.deleteEnterpriseTrunk(key, enterpriseTrunkCheck(key));
}

export const { handlers, resetForTests } = resourceHandlers({ schema: ENTERPRISE_TRUNK, api: ODIN_API, create, read, update, delete: remove });

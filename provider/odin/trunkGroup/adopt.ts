import { isApiError } from "../../http/errors";
import type { Logger } from "../../http/transport";
import { Adoption, adoptExisting } from "../../kit/adopt";
import { copyField, fieldKeys, fieldsWhere } from "../../kit/schema";
import type { OdinClient } from "../client";
import { isCapacityError } from "../errors";
import type { TrunkGroupCreateBody, TrunkGroupKey, TrunkGroupModifyBody } from "../types";
import { explainCapacityError } from "./capacityError";
import { TRUNK_GROUP_DIFF } from "./diff";
import { TRUNK_GROUP, TrunkGroupInputs } from "./schema";
import { buildOutputs } from "./state";

type Props = Record<string, unknown>;

/** The SIP credentials go out together while authentication is on: the password is write-only upstream. */
const AUTH_FIELDS = fieldsWhere(TRUNK_GROUP, (s) => s.onlyWhen?.field === "requireAuthentication");

/**
 * A TrunkGroup's part of adoption: found by service provider, group and name;
 * compared on what a create would send; in the applying mode, one sparse PUT
 * of the identity, the differing fields and (authentication on) the SIP
 * credentials. Answers the outputs of the adopted trunk group, or undefined
 * when there is none (the caller creates it).
 */
export async function adoptTrunkGroup(
    c: OdinClient,
    adoption: Adoption,
    key: TrunkGroupKey,
    body: TrunkGroupCreateBody,
    props: Props,
    log: Logger,
): Promise<Props | undefined> {
    const adopted = await adoptExisting(adoption, {
        schema: TRUNK_GROUP,
        hooks: TRUNK_GROUP_DIFF,
        what: `Trunk group "${key.name}" in group ${key.groupId} of ${key.serviceProviderId}`,
        declared: body,
        find: () => c.findTrunkGroup(key),
        reported: (profile) => profile,
        apply: async (_profile, fields) => {
            const put: TrunkGroupModifyBody = { ...key };
            for (const k of fields) {
                copyField(put, body as TrunkGroupInputs, k);
            }
            if (body.requireAuthentication === true) {
                for (const k of AUTH_FIELDS) {
                    copyField(put, body as TrunkGroupInputs, k);
                }
            }
            try {
                await c.modifyTrunkGroup(put);
            } catch (e) {
                if (isCapacityError(e) && isApiError(e) && typeof put.maxActiveCalls === "number") {
                    throw await explainCapacityError(c, key, put.maxActiveCalls, e);
                }
                throw e;
            }
        },
        log,
    });
    if (!adopted) {
        return undefined;
    }
    const profile = adopted.updated ? await c.getTrunkGroup(key) : adopted.found;
    // A secret that was neither compared nor sent is recorded as declared: the
    // object keeps its own value, and a later change of it in the program is a
    // diff that sends the new one (as the adoption warning says).
    return buildOutputs(profile, fieldKeys(TRUNK_GROUP, props), props);
}

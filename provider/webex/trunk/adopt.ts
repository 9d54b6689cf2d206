import type { Logger } from "../../http/transport";
import { Adoption, adoptExisting } from "../../kit/adopt";
import type { WebexClient } from "../client";
import type { TrunkGet, TrunkPost, TrunkRead } from "../types";
import { WEBEX_TRUNK_DIFF } from "./diff";
import { WEBEX_TRUNK } from "./schema";
import { buildOutputs, inputsFromServer } from "./state";

type Props = Record<string, unknown>;

interface FoundTrunk {
    id: string;
    read: TrunkRead;
}

/**
 * A WebexTrunk's part of adoption: found by its exact name in the org across
 * every page of the list (Webex names are unique there), or by the id the
 * program names; compared on what a create would send; in the applying mode
 * one PUT, which Webex requires to carry name and password. Answers the id and
 * outputs of the adopted trunk, or undefined when there is none.
 */
export async function adoptWebexTrunk(
    client: WebexClient,
    adoption: Adoption,
    body: TrunkPost,
    props: Props,
    orgId: string | undefined,
    put: (id: string, current: TrunkGet) => Promise<void>,
    log: Logger,
): Promise<{ id: string; outs: Props } | undefined> {
    const adopted = await adoptExisting(adoption, {
        schema: WEBEX_TRUNK,
        hooks: WEBEX_TRUNK_DIFF,
        what: `Webex trunk "${body.name}"`,
        declared: body,
        find: async (id) => {
            if (id !== undefined) {
                const read = await client.findTrunk(id, orgId);
                return read ? { id, read } : undefined;
            }
            const [candidate] = await client.findTrunksByName(body.name, orgId);
            return candidate ? { id: candidate.id, read: await client.getTrunk(candidate.id, orgId) } : undefined;
        },
        reported: (found: FoundTrunk) => inputsFromServer(found.read.trunk),
        apply: (found) => put(found.id, found.read.trunk),
        log,
    });
    if (!adopted) {
        return undefined;
    }
    const { id } = adopted.found;
    const read = adopted.updated ? await client.getTrunk(id, orgId) : adopted.found.read;
    // An unverified password is recorded as declared: a later change of it in the
    // program is a diff that sends the new one (as the adoption warning says).
    return { id, outs: buildOutputs(read, id, props, orgId) };
}

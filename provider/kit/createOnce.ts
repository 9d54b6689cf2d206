import { ApiError, isApiError } from "../http/errors";
import type { Logger } from "../http/transport";
import { ADOPT_INPUT } from "./adopt";

/** How many POSTs a create may send in all, each only after proving the previous one was not applied. */
export const MAX_CREATE_POSTS = 3;

export interface CreateOnceSteps<Posted, Found> {
    /** The object in messages, e.g. `Trunk group "PBX A"`. */
    what: string;
    /** Sends the POST once; rejects with an ApiError whose `ambiguous` says the fate is unknown. */
    post(): Promise<Posted>;
    /** Looks the object up by its identity (not by an id the lost answer would have carried). */
    find(): Promise<Found | undefined>;
    /** The fields in which the object found differs from what was sent; empty means it is ours. */
    differences(found: Found): string[];
    /** The object's id, for messages. */
    idOf(found: Found): string;
    /** What to do to take over an object that exists but was not made by this run (kit/adopt adoptInstruction); a generic line when absent. */
    adoptHint?: string;
    /** The API's "that already exists", which after an unknown fate may be our own earlier POST. */
    isAlreadyExists(e: unknown): boolean;
    /**
     * The caller looked the object up just before and found none. An "already
     * exists" answer to the first POST is then our own POST delivered twice (a
     * proxy or a client library re-sending it): it is checked like an unknown
     * fate instead of refused.
     */
    absentBefore?: boolean;
    /**
     * The error to throw when the fate stays unknown because the lookup failed
     * too; `message` says what happened. The resource decides what the engine
     * should keep (an init failure when it knows the id).
     */
    unconfirmed(message: string, postError: ApiError): Error;
    log: Logger;
}

export type CreateOutcome<Posted, Found> = { posted: Posted; posts: number } | { found: Found; posts: number };

/**
 * A POST is never repeated blindly. When its fate is unknown (no answer, a
 * gateway error, a cut-off body) the object is looked up by identity: found
 * and matching what was sent means our POST worked; absent means it was not
 * applied, and sending again is safe, a bounded number of times. An "already
 * exists" after an unknown fate, or after the caller saw the object absent
 * just before, is checked the same way, since it may be our own POST
 * delivered twice. Anything else is the caller's to explain.
 */
export async function createOnce<Posted, Found>(steps: CreateOnceSteps<Posted, Found>): Promise<CreateOutcome<Posted, Found>> {
    let unsure = false;
    for (let posts = 1; ; posts++) {
        let failure: unknown;
        try {
            return { posted: await steps.post(), posts };
        } catch (e) {
            failure = e;
        }
        // A page from something in front of the API (a proxy's 404, a login page) says nothing
        // about the POST either: its fate is as unknown as after a lost answer.
        const ambiguous = isApiError(failure) && (failure.ambiguous === true || (failure.apiBody === false && failure.status !== 401 && failure.status !== 403));
        const echo = (unsure || steps.absentBefore === true) && steps.isAlreadyExists(failure);
        if (!isApiError(failure) || !(ambiguous || echo)) {
            throw failure;
        }
        unsure = true;
        const found = await lookUp(steps, failure);
        if (found !== undefined) {
            const differing = steps.differences(found);
            if (differing.length > 0) {
                throw new Error(
                    `${steps.what} exists (id ${steps.idOf(found)}) but its ${differing.join(", ")} ${differing.length === 1 ? "differs" : "differ"} from what this program sent, ` +
                        `so it was not created by this run. Choose another name, or: ${steps.adoptHint ?? `to take it over, add \`${ADOPT_INPUT}: true\` to the resource's arguments.`}`,
                );
            }
            steps.log("info", `${steps.what}: the POST got no clear answer, but the object exists and matches what was sent; using it`);
            return { found, posts };
        }
        if (echo) {
            throw failure;
        }
        if (posts >= MAX_CREATE_POSTS) {
            throw new ApiError({
                ...failure.fields(),
                ambiguous: false,
                hint: `Not applied: ${steps.what} does not exist after ${posts} POSTs, so nothing needs cleaning up; run again later`,
            });
        }
        steps.log("warn", `${steps.what}: the POST was not applied (${failure.message}); sending it again`);
    }
}

async function lookUp<Posted, Found>(steps: CreateOnceSteps<Posted, Found>, failure: ApiError): Promise<Found | undefined> {
    try {
        return await steps.find();
    } catch (lookup) {
        throw steps.unconfirmed(
            `${steps.what} may have been created (the POST got no clear answer: ${failure.message}) and looking it up failed too (${(lookup as Error)?.message ?? String(lookup)}).`,
            failure,
        );
    }
}

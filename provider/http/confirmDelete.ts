import { ApiError } from "./errors";
import type { ApiResponse } from "./transport";

/** DELETEs sent in all when each success answer is not the API's own and the object is still there. */
export const MAX_UNCONFIRMED_DELETES = 3;

export interface ConfirmSteps {
    /** One DELETE (the transport repeats it on its own when the answer is lost). */
    send(): Promise<ApiResponse<unknown>>;
    /** Whether a success answer is the one the API gives (Odin: the deleted object; Webex: 204). */
    own(res: ApiResponse<unknown>): boolean;
    /** One lookup: whether the object is still there. */
    stillThere(): Promise<boolean>;
    api: string;
    path: string;
    /** The kind of object, in messages: "trunk group". */
    noun: string;
    /** The object, in messages: `trunk group PBX A`. */
    what: string;
    /** What the API answers a DELETE with, for the message: "the deleted profile", "204". */
    expected: string;
}

/**
 * A DELETE answered with a success that is not the API's own (an empty 200
 * from something in front of it, which may have swallowed a refusal) proves
 * nothing: one lookup decides. Gone: deleted. Still there: the DELETE is sent
 * again (it is idempotent), a bounded number of times, and then it fails, so
 * the state never forgets an object that exists.
 */
export async function confirmedDelete(steps: ConfirmSteps): Promise<void> {
    for (let attempt = 1; ; attempt++) {
        const res = await steps.send();
        if (steps.own(res) || !(await steps.stillThere())) {
            return;
        }
        if (attempt >= MAX_UNCONFIRMED_DELETES) {
            throw new ApiError({
                api: steps.api,
                method: "DELETE",
                path: steps.path,
                status: res.status,
                apiMessage: `the DELETE of ${steps.what} was answered ${res.status}${res.bodyKind === "empty" ? " with an empty body" : ""} (${steps.api} answers with ${steps.expected}), but the ${steps.noun} still exists`,
                attempts: attempt,
                failure: "invalid-body",
                hint: `Something between here and ${steps.api} answered for it; nothing was deleted, and Pulumi keeps it in the state. Run the command again`,
            });
        }
    }
}

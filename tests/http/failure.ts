import { ApiError, isApiError } from "../../provider/http/errors";

/** The ApiError a call rejects with; anything else (or success) fails the test with what it was. */
export async function failure(p: Promise<unknown>): Promise<ApiError> {
    const e = await p.then(
        () => undefined,
        (err: unknown) => err,
    );
    if (!isApiError(e)) {
        throw new Error(`expected an ApiError, got ${e instanceof Error ? e.stack : String(e)}`);
    }
    return e;
}

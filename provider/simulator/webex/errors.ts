/**
 * Errors the simulated trunk API answers with. 25015 (password characters)
 * and 27571 (address in use) are codes Webex is known to send; the other
 * numbers are the simulator's own, since the reference documents none for
 * those cases. They only need to be stable.
 */
export const CODES = {
    passwordCharacters: 25015,
    addressInUse: 27571,
    missingField: 25008,
    invalidField: 25009,
    immutableField: 25010,
    nameInUse: 25011,
    locationNotFound: 25012,
    trunkNotFound: 25016,
    trunkInUse: 25017,
    callsOutOfRange: 25018,
    forbiddenOrg: 25019,
} as const;

export class WebexSimError extends Error {
    constructor(
        readonly status: number,
        readonly description: string,
        readonly errorCode?: number,
        /** The top-level message; Webex often puts a generic one here and the detail in errors[]. */
        readonly summary?: string,
    ) {
        super(description);
    }
}

export const bad = (description: string, code: number = CODES.invalidField) => new WebexSimError(400, description, code, "Invalid request");
export const conflict = (description: string, code: number) => new WebexSimError(409, description, code, "Conflict");
export const notFound = (description: string, code: number = CODES.trunkNotFound) => new WebexSimError(404, description, code, "Not found");
export const unauthorized = () =>
    new WebexSimError(401, "The request requires a valid access token set in the Authorization request header.", undefined, "The request requires a valid access token set in the Authorization request header.");

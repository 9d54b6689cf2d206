/**
 * Errors the simulated trunk API answers with. Codes Webex is known to send
 * (the spec and wxc_sdk tests/test_telephony_trunks.py):
 * 25013/25014 (partial GET), 25015 (password characters), 25024 (invalid
 * domain, HTTP 400), 27571 (FQDN/SRV address in use, HTTP 409). Every other
 * number is the simulator's own, since no public source documents one for
 * that case; they only need to be stable and distinct.
 */
export const CODES = {
    passwordCharacters: 25015,
    invalidDomain: 25024,
    addressInUse: 27571,
    // --- the simulator's own ---
    missingField: 25008,
    invalidField: 25009,
    immutableField: 25010,
    nameInUse: 25011,
    locationNotFound: 25012,
    trunkNotFound: 25016,
    trunkInUse: 25017,
    callsOutOfRange: 25018,
    forbiddenOrg: 25019,
    invalidOrder: 25020,
    notForRegistering: 25021,
    passwordPolicy: 25150,
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

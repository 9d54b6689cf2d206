import type { OdinErrorBody } from "./types";

/**
 * BroadWorks error codes. `userNotFound` is real: BroadWorks answers an
 * unknown user id with "[Error 4008] User not found: <userId>" (OCI-P error
 * responses quoted in public BroadWorks client code). The other numbers are
 * the simulator's own - the reference documents none - chosen to be stable
 * and worded the way BroadWorks words errors ("[Error NNNN] text").
 */
export const OCI = {
    userNotFound: 4008,
    // --- the simulator's own ---
    validation: 4962,
    duplicate: 4002,
    trunkCapacity: 4503,
    groupCapacity: 4504,
    authRequired: 4320,
    serviceNotAssigned: 4410,
    serviceNotAuthorized: 4411,
    userNotInGroup: 4009,
    pilotNotHosted: 4516,
    pilotOnDelete: 4515,
    deviceNotFound: 4152,
    departmentNotFound: 4212,
    rerouteTrunkGroupNotFound: 4517,
    deviceLocked: 4518,
    trunkGroupNotFound: 4519,
} as const;

/** Thrown by state and rules; routes turn it into Odin's `{error, status, details}` answer. */
export class OdinError extends Error {
    constructor(
        readonly status: number,
        message: string,
        readonly details: unknown = null,
    ) {
        super(message);
    }

    toBody(): OdinErrorBody {
        return { error: this.message, status: this.status, details: this.details };
    }
}

/** A BroadWorks business-rule or schema refusal: HTTP 400 with an OCI-style message. */
export function broadworks(code: number, text: string, command?: string): OdinError {
    return new OdinError(400, `[Error ${code}] ${text}`, { errorCode: code, ...(command ? { command } : {}) });
}

export function invalid(text: string, command?: string): OdinError {
    return broadworks(OCI.validation, `Request validation failed: ${text}`, command);
}

export function notFound(what: string, id: string): OdinError {
    return new OdinError(404, `${what} not found: ${id}`, { resource: what, id });
}

export function unauthorized(text: string): OdinError {
    return new OdinError(401, text, "Send a valid, unexpired token as 'Authorization: Bearer <token>' (POST /auth/token)");
}

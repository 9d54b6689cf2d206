import type { OdinErrorBody } from "./types";

/**
 * The simulator's BroadWorks error codes. Real OCI codes for these cases are
 * not in the reference, so these numbers are our own; they only have to be
 * stable and look like "[Error NNNN] text" the way BroadWorks words errors.
 */
export const OCI = {
    validation: 4962,
    duplicate: 4002,
    trunkCapacity: 4503,
    groupCapacity: 4504,
    authRequired: 4320,
    serviceNotAssigned: 4410,
    unknownUser: 4008,
    pilotOnDelete: 4515,
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

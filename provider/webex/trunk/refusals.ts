/**
 * What a Webex refusal of a trunk write means for the program, and what to do
 * next. Each explanation only adds to Webex's own text (status, code,
 * trackingId stay in the message).
 */
import { ApiError, isApiError } from "../../http/errors";
import { adoptInstruction } from "../../kit/adopt";
import type { WebexClient } from "../client";
import { ERROR_ADDRESS_IN_USE, ERROR_PASSWORD_CHARACTERS, hasErrorCode, isConflict } from "../errors";
import type { TrunkPost } from "../types";
import { holderOfName, nameTaken } from "./names";

/** The POST or PUT's refusal, explained where it is one Webex is known for; anything else as it came. */
export async function explainCreateRefusal(client: WebexClient, e: unknown, body: TrunkPost, orgId: string | undefined, adopting: boolean): Promise<unknown> {
    if (isPasswordRefusal(e)) {
        return e.withHint(passwordHint(body.locationId, "Nothing was created"));
    }
    if (!isApiError(e) || !isConflict(e)) {
        return e;
    }
    if (hasErrorCode(e, ERROR_ADDRESS_IN_USE)) {
        const address = body.port === undefined ? `the SRV address ${body.address}` : `the FQDN address ${body.address} port ${body.port}`;
        return e.withHint(
            `Another certificate-based trunk already uses ${address} (domain ${body.domain}); ` +
                "an FQDN address with its port, or an SRV address, must be unique across certificate-based trunks in the org",
        );
    }
    // Taken since the check before the POST, or hidden from the server's name filter: every page, ignoring case.
    const existing = await holderOfName(client, body.name, orgId);
    if (adopting && (existing === undefined || existing.name === body.name)) {
        return e.withHint(`Trunk names are unique in a Webex org and "${body.name}" was taken after this run looked for it; run \`pulumi up\` again to adopt it`);
    }
    return e.withHint(
        existing
            ? nameTaken(body.name, existing, "create")
            : `Trunk names are unique in a Webex org and "${body.name}" is taken, and this stack does not manage it. ${adoptInstruction("webex", "WebexTrunk")} Or choose another name`,
    );
}

export async function explainUpdateRefusal(client: WebexClient, e: unknown, trunkId: string, name: string, locationId: string | undefined, orgId: string | undefined): Promise<unknown> {
    if (isPasswordRefusal(e)) {
        return e.withHint(passwordHint(locationId, "The trunk was not changed"));
    }
    if (isConflict(e) && isApiError(e)) {
        const holder = await holderOfName(client, name, orgId, trunkId);
        return e.withHint(holder ? nameTaken(name, holder, "rename") : `Trunk names are unique in a Webex org and "${name}" is taken`);
    }
    return e;
}

/**
 * A 400 about the password: 25015 (the "?" / "!" Webex refuses everywhere,
 * which check already catches unless the value was unknown at preview), or
 * any other refusal whose text is about the password, which is the location's
 * SIP password policy: Webex documents neither its codes nor its wording.
 */
function isPasswordRefusal(e: unknown): e is ApiError {
    return isApiError(e) && e.status === 400 && (hasErrorCode(e, ERROR_PASSWORD_CHARACTERS) || /password/i.test(`${e.apiMessage ?? ""} ${e.details ?? ""}`));
}

/**
 * The location's policy (length, character classes, what it may not contain)
 * cannot be read through the trunk API, so check can only refuse "?" and "!";
 * Webex's generatePassword action returns a password that meets the policy.
 */
function passwordHint(locationId: string | undefined, outcome: string): string {
    const location = locationId ? `location ${locationId}` : "the trunk's location";
    return (
        `Webex judges a trunk password by the SIP password policy of ${location}, which is set per location and cannot be read ` +
        'beforehand, so preview could only check the characters refused everywhere ("?" and "!"). ' +
        `${outcome}. Choose a password that meets the policy: Webex makes a compliant example with ` +
        `POST /v1/telephony/config/locations/${locationId ?? "<locationId>"}/actions/generatePassword/invoke (or see the location's settings in Control Hub); ` +
        "set it as the secret the program reads (pulumi config set --secret …) and run pulumi up again"
    );
}

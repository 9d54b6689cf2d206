/**
 * What Odin says about the logged-in administrator. The login and refresh
 * answers carry the token together with the session fields (the web UI
 * stores POST /auth/token's whole answer as its session and reads loginType,
 * userId, serviceProviderId, groupId, resellerId, isReseller, isPaasAdmin,
 * softwareVersion, systemDomain, passwordExpiresDays and policy from it;
 * voipxp/testing src/store/session.js, src/angular/common/services/acl.js);
 * GET /auth/session answers the same fields without the token.
 */
import type { LoginAnswer, SeedLogin, SessionInfo } from "./types";

const SYSTEM_DOMAIN = "sim.example";

export function sessionOf(login: SeedLogin, isEnterprise: boolean | undefined): SessionInfo {
    const loginType = login.loginType ?? "System";
    return {
        userId: login.username,
        loginType,
        ...(login.serviceProviderId !== undefined ? { serviceProviderId: login.serviceProviderId } : {}),
        ...(login.groupId !== undefined ? { groupId: login.groupId } : {}),
        ...(isEnterprise !== undefined ? { isEnterprise } : {}),
        ...(login.resellerId !== undefined ? { resellerId: login.resellerId } : {}),
        isReseller: loginType === "Reseller",
        isPaasAdmin: false,
        userDomain: SYSTEM_DOMAIN,
        // BroadWorks' "never expires".
        passwordExpiresDays: 2147483647,
        local: "en_US",
        encoding: "ISO-8859-1",
        systemDomain: SYSTEM_DOMAIN,
        // The web UI compares versions after replacing "sp" with "." (ACL.hasVersion).
        softwareVersion: "24",
        isSystemAdmin: loginType === "System",
        readOnly: login.readOnly === true,
        policy: [],
        version: "latest",
    };
}

export function loginAnswer(token: string, session: SessionInfo): LoginAnswer {
    return { token, ...session };
}

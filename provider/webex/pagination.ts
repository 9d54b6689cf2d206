/**
 * RFC 5988 `Link` headers as Webex sends them, including its historic bugs:
 * next links that began with "https," (WXCAPIBULK-27; wxc_sdk strips it) and
 * next links that dropped query parameters of the first request.
 */

/** rel -> URL for every `<url>; rel="..."` entry. URLs may contain commas, so no naive split. */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
    const links: Record<string, string> = {};
    if (typeof header !== "string") {
        return links;
    }
    const entry = /<([^>]*)>((?:\s*;\s*[^;,<]*)*)/g;
    for (let m = entry.exec(header); m !== null; m = entry.exec(header)) {
        const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(m[2])?.[1];
        if (!rel) {
            continue;
        }
        for (const r of rel.trim().split(/\s+/)) {
            links[r.toLowerCase()] ??= m[1].trim();
        }
    }
    return links;
}

/** Repairs a next link: the "https," prefix bug, and relative links. */
export function cleanNextUrl(raw: string): string {
    return raw.trim().replace(/^(?:https?,\s*)+(?=https?:\/\/)/i, "");
}

export interface NextRequest {
    /** Path relative to the client's base URL. */
    path: string;
    query: Record<string, string>;
}

/**
 * Turns a next link into a request against OUR base URL: only the path and
 * query of the link are used, never its host, so a bad or hostile Link header
 * cannot make us send the bearer token elsewhere. Query parameters of the first
 * request that the link dropped are put back (the link's own values win).
 */
export function nextRequest(link: string, baseUrl: string, firstQuery: Record<string, string | number | boolean | undefined>): NextRequest | undefined {
    let url: URL;
    try {
        url = new URL(cleanNextUrl(link), baseUrl.replace(/\/*$/, "/"));
    } catch {
        return undefined;
    }
    const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
    let path = url.pathname;
    if (basePath !== "" && (path === basePath || path.startsWith(basePath + "/"))) {
        path = path.slice(basePath.length) || "/";
    }
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(firstQuery)) {
        if (v !== undefined) {
            query[k] = String(v);
        }
    }
    url.searchParams.forEach((v, k) => {
        query[k] = v;
    });
    return { path, query };
}

/** Why a page of a list is not one: the items must be under `key`, each with an id (and a name, for trunks). */
export function pageProblem(data: unknown, key: string): string | undefined {
    if (!isObject(data)) {
        return `it is not a page of the list (${Array.isArray(data) ? "a bare list" : typeof data})`;
    }
    const items = data[key];
    if (!Array.isArray(items)) {
        return `it has no "${key}" list`;
    }
    const named = key === "trunks";
    return items.every((t) => isObject(t) && typeof t.id === "string" && t.id !== "" && (!named || (typeof t.name === "string" && t.name !== "")))
        ? undefined
        : `an item of "${key}" has no id${named ? " or no name" : ""}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

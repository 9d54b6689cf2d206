/**
 * Debian's Chromium driven by playwright-core, for the tests of pages the
 * package writes. Never a browser download: the system's /usr/bin/chromium
 * (`apt-get install -y chromium`; .ci/run installs it), a fresh profile per
 * launch, and flags that keep it from reaching the network on its own.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.TRUNKING_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

export interface Browser {
    context: BrowserContext;
    close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1200, height: 900 }): Promise<Browser> {
    if (!fs.existsSync(CHROMIUM)) {
        throw new Error(`${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium), or set TRUNKING_CHROMIUM to a Chromium binary`);
    }
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "trunking-chromium-"));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport });
    return {
        context,
        close: async () => {
            await context.close();
            fs.rmSync(profile, { recursive: true, force: true });
        },
    };
}

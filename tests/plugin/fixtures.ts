import { PluginConfig } from "../../provider/plugin/config";
import { TrunkingProvider } from "../../provider/plugin/provider";
import { pluginResources } from "../../provider/plugin/resources";
import type { OdinSimulator } from "../../provider/simulator";

/** The plugin's provider as the engine would start it, with the simulator's settings; warnings collected. */
export function providerFor(sim: OdinSimulator, extra: Record<string, string> = {}, warnings: string[] = []): TrunkingProvider {
    const config = new PluginConfig({ odinBaseUrl: sim.url, odinUsername: "admin", odinPassword: "admin", ...extra });
    return new TrunkingProvider(pluginResources(), config, "0.0.0-test", (line) => warnings.push(line));
}

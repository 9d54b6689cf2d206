/**
 * Kept for state written by pulumi-trunking 0.1.0, whose serialized WebexTrunk
 * provider requires `pulumi-trunking/dist/provider/webex/handlers` and reads
 * `.handlers`. Stacks keep that text for as long as a trunk is not updated, so
 * this path and export must never move. New state loads `pulumi-trunking/dynamic`.
 */
import { load } from "../dynamic";

export const handlers = load("webex:Trunk");

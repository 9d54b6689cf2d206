import { quickstart } from "./program";

// Stack outputs: `pulumi stack output capacity --json` prints the report.
const out = quickstart();
export const trunkGroups = out.trunkGroups;
export const capacity = out.capacity;

// Run with `main: examples/import/` in Pulumi.yaml, against `npx trunking-sim` (sample data).
import { adopt } from "./program";

export const adopted = adopt().adopted;

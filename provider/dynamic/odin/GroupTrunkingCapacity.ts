// pulumi-trunking/dynamic/odin/GroupTrunkingCapacity: see provider/kit/stub.ts. Never move or rename.
import { providerStub } from "../../kit/stub";

export = providerStub("odin:GroupTrunkingCapacity");

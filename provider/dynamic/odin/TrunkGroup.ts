// pulumi-trunking/dynamic/odin/TrunkGroup: see provider/kit/stub.ts. Never move or rename.
import { providerStub } from "../../kit/stub";

export = providerStub("odin:TrunkGroup");

// pulumi-trunking/dynamic/webex/Trunk: see provider/kit/stub.ts. Never move or rename.
import { providerStub } from "../../kit/stub";

export = providerStub("webex:Trunk");

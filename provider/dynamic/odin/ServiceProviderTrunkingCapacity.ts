// pulumi-trunking/dynamic/odin/ServiceProviderTrunkingCapacity: see provider/kit/stub.ts. Never move or rename.
import { providerStub } from "../../kit/stub";

export = providerStub("odin:ServiceProviderTrunkingCapacity");

import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CAPACITY_ARGUMENTS } from "../../provider/capacity/run";
import { kinds, load } from "../../provider/dynamic";
import { ODIN_SETTING_KEYS } from "../../provider/odin/config";
import { CAPACITY_INPUTS, CAPACITY_TOKEN } from "../../provider/plugin/capacity";
import { pluginSettings } from "../../provider/plugin/config";
import { pluginResources } from "../../provider/plugin/resources";
import { SCHEMA_FILE, currentSource, schemaDrift, schemaText } from "../../provider/plugin/schemaFile";
import { FieldSpec, fieldsWhere } from "../../provider/kit/schema";
import { WEBEX_SETTING_KEYS } from "../../provider/webex/config";

const REPO = path.resolve(__dirname, "../../..");
const schema = () => JSON.parse(schemaText()) as any;

describe("plugin schema (schema.json) generated from the kit's tables", () => {
    it("the committed schema.json is what the tables give (regenerate with `npm run schema`)", () => {
        const drift = schemaDrift(fs.readFileSync(SCHEMA_FILE, "utf8"));
        expect(drift, `schema.json differs from the tables; run \`npm run schema\` and commit it:\n${drift.join("\n")}`).to.deep.equal([]);
    });

    it("a field added to a table without regenerating fails the check, naming the field", () => {
        const src = currentSource();
        const tg = src.resources.find((r) => r.kind === "odin:TrunkGroup")!;
        const fields = { ...(tg.schema.fields as Record<string, FieldSpec>), mediaProfile: { kind: "string", min: 1, max: 40 } as FieldSpec };
        const changed = { ...src, resources: src.resources.map((r) => (r === tg ? { ...r, schema: { ...r.schema, fields: fields as never } } : r)) };
        const drift = schemaDrift(fs.readFileSync(SCHEMA_FILE, "utf8"), changed);
        expect(drift).to.include("resources.trunking:index:TrunkGroup.properties.mediaProfile: in the tables, not in schema.json");
        expect(drift).to.include("resources.trunking:index:TrunkGroup.inputProperties.mediaProfile: in the tables, not in schema.json");
        // A bound changed in a table shows too.
        const bound = { ...(tg.schema.fields as Record<string, FieldSpec>), maxActiveCalls: { ...(tg.schema.fields as Record<string, FieldSpec>).maxActiveCalls, max: 5000 } };
        const bounded = { ...src, resources: src.resources.map((r) => (r === tg ? { ...r, schema: { ...r.schema, fields: bound as never } } : r)) };
        expect(schemaDrift(fs.readFileSync(SCHEMA_FILE, "utf8"), bounded).join("\n")).to.contain("inputProperties.maxActiveCalls.description");
    });

    it("is a valid Pulumi package schema (pulumi/pulumi's metaschema, v3.277.0)", () => {
        const meta = JSON.parse(fs.readFileSync(path.join(REPO, "tests/fixtures/pulumi-package.metaschema.json"), "utf8"));
        const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
        const validate = ajv.compile(meta);
        const ok = validate(schema());
        expect(ok, JSON.stringify(validate.errors, null, 1)).to.equal(true);
    });

    it("has one resource per kind pulumi-trunking/dynamic knows, trunking:index:<title>, aliased from its dynamic type", () => {
        const s = schema();
        expect(kinds().length).to.be.greaterThan(1);
        for (const kind of kinds()) {
            const r = pluginResources().find((x) => x.kind === kind)!;
            expect(r.handlers).to.equal(load(kind));
            expect(s.resources[r.token], r.token).to.be.an("object");
            expect(s.resources[r.token].aliases).to.deep.equal([{ type: `pulumi-nodejs:dynamic/${kind}` }]);
        }
        expect(Object.keys(s.resources).sort()).to.deep.equal(pluginResources().map((r) => r.token).sort());
        expect(s.resources["trunking:index:TrunkGroup"]).to.be.an("object");
        expect(s.resources["trunking:index:WebexTrunk"]).to.be.an("object");
    });

    it("inputs, required inputs, secrets and replace-on-change follow each field table", () => {
        const s = schema();
        for (const r of pluginResources()) {
            const spec = s.resources[r.token];
            const fields = r.schema.fields as Record<string, FieldSpec>;
            for (const key of Object.keys(fields)) {
                expect(spec.inputProperties[key], `${r.token} ${key}`).to.be.an("object");
                expect(spec.properties[key], `${r.token} ${key}`).to.be.an("object");
                expect(spec.inputProperties[key].secret === true, `${r.token} ${key} secret`).to.equal(fields[key].secret === true);
                expect(spec.inputProperties[key].replaceOnChanges === true, `${r.token} ${key} replaceOnChanges`).to.equal(fields[key].replaceOnChange === true);
                expect(spec.inputProperties[key].description, `${r.token} ${key}`).to.be.a("string").and.not.equal("");
            }
            expect(spec.requiredInputs).to.deep.equal(fieldsWhere(r.schema, (f) => f.required === true));
            for (const key of Object.keys(r.schema.outputs)) {
                expect(spec.properties[key], `${r.token} output ${key}`).to.be.an("object");
                expect(spec.inputProperties[key], `${r.token} output ${key} is no input`).to.equal(undefined);
            }
        }
        const tg = s.resources["trunking:index:TrunkGroup"];
        expect(tg.inputProperties.sipAuthenticationPassword.secret).to.equal(true);
        expect(tg.requiredInputs).to.deep.equal(["serviceProviderId", "groupId", "name", "maxActiveCalls"]);
        expect(tg.inputProperties.maxIncomingCalls.description).to.equal("An integer from 0 to 999999. At most maxActiveCalls. Removing it from the program clears it.");
        expect(tg.inputProperties.sipAuthenticationUserName.description).to.contain("Required when requireAuthentication is true. Only allowed when requireAuthentication is true.");
        expect(tg.inputProperties.serviceProviderId.replaceOnChanges).to.equal(true);
        expect(tg.inputProperties.name.replaceOnChanges).to.equal(undefined);
        expect(s.resources["trunking:index:WebexTrunk"].inputProperties.password.secret).to.equal(true);
        expect(tg.inputProperties.adoptExisting.oneOf).to.deep.equal([{ type: "boolean" }, { type: "string" }]);
    });

    it("enums are named types with the table's values; sub-field objects are object types", () => {
        const s = schema();
        const tg = s.resources["trunking:index:TrunkGroup"];
        expect(tg.inputProperties.userLookupPolicy.$ref).to.equal("#/types/trunking:index:TrunkGroupUserLookupPolicy");
        expect(s.types["trunking:index:TrunkGroupUserLookupPolicy"]).to.include({ type: "string" });
        expect(s.types["trunking:index:TrunkGroupUserLookupPolicy"].enum).to.deep.equal([{ value: "Basic" }, { value: "Extended" }]);
        const key = s.types["trunking:index:TrunkGroupCapacityExceededRerouteTrunkGroupKey"];
        expect(key.type).to.equal("object");
        expect(key.required).to.deep.equal(["serviceProviderId", "groupId", "name"]);
        expect(s.types["trunking:index:WebexTrunkTrunkType"].enum).to.deep.equal([{ value: "REGISTERING" }, { value: "CERTIFICATE_BASED" }]);
    });

    it("a list field is an array of its items' type (an object item a named object type)", () => {
        const s = schema();
        const members = s.resources["trunking:index:EnterpriseTrunk"].inputProperties.trunkGroups;
        expect(members).to.include({ type: "array" });
        expect(members.items).to.deep.equal({ $ref: "#/types/trunking:index:EnterpriseTrunkTrunkGroupsItem" });
        const item = s.types["trunking:index:EnterpriseTrunkTrunkGroupsItem"];
        expect(item.type).to.equal("object");
        expect(Object.keys(item.properties)).to.deep.equal(["groupId", "trunkGroupName", "priority", "weight"]);
        expect(item.required).to.deep.equal(["groupId", "trunkGroupName"]);
    });

    it("the function getTrunkingCapacity: every argument the TypeScript function takes, and the report's shape as outputs", () => {
        const f = schema().functions[CAPACITY_TOKEN];
        expect(Object.keys(CAPACITY_INPUTS).sort()).to.deep.equal([...CAPACITY_ARGUMENTS].sort());
        expect(Object.keys(f.inputs.properties).sort()).to.deep.equal([...CAPACITY_ARGUMENTS].sort());
        expect(f.inputs.required).to.deep.equal(["serviceProviderId"]);
        expect(f.outputs.properties.groups).to.deep.equal({ type: "array", items: { $ref: "#/types/trunking:index:CapacityGroup" } });
        // A number that may be null (unlimited or not applicable) is not required.
        expect(f.outputs.required).to.include("groupsCallCapacityTotal").and.not.include("maxActiveCalls");
        expect(schema().types["trunking:index:CapacityGroup"].properties.trunkGroups.items.$ref).to.equal("#/types/trunking:index:CapacityGroupTrunkGroup");
    });

    it("config: every odin:* and webex:* setting as trunking:<api><Name>, the credentials secret", () => {
        const vars = schema().config.variables;
        const expected = [...Object.values(ODIN_SETTING_KEYS), ...Object.values(WEBEX_SETTING_KEYS)].map(([k]) => {
            const [ns, name] = k.split(":");
            return `${ns}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
        });
        expect(Object.keys(vars)).to.deep.equal(expected);
        expect(Object.keys(vars).filter((k) => vars[k].secret)).to.deep.equal(["odinPassword", "webexAccessToken"]);
        expect(vars.odinBaseUrl.description).to.contain("ODIN_BASE_URL");
        expect(pluginSettings().map((s) => s.key)).to.deep.equal(expected);
        expect(schema().provider.inputProperties).to.equal(undefined);
    });
});

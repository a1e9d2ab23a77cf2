import { expect } from "chai";
import * as path from "path";
import { KEY_READERS } from "./key-readers";
import { ROLES } from "../topology";
import { readProjectFile } from "../stack-files";

const ROOT_DIR = path.resolve(__dirname, "..", "..");
/** The words Pulumi.yaml's descriptions start with for a key one role reads. */
const ROLE_WORDS = { "mesh-owner": "Owner", "mesh-participant": "Participant", "apps-frontend": "Frontend", "apps-backend": "Backend" } as const;

describe("which role reads which key (shared/config/key-readers.ts)", () => {
    it("GIVEN the projects whose roles share a Pulumi.yaml THEN each key a single role reads is described as that role's only, and no other key is", () => {
        for (const [project, readers] of Object.entries(KEY_READERS)) {
            const declared = readProjectFile(path.join(ROOT_DIR, project)).config ?? {};
            expect(Object.keys(readers), project).to.have.members(Object.keys(declared));
            for (const [key, roles] of Object.entries(readers)) {
                const match = /^(Owner|Participant|Frontend|Backend) only\b/.exec(declared[key].description ?? "");
                const expected = roles.length === 1 ? ROLE_WORDS[roles[0] as keyof typeof ROLE_WORDS] : undefined;
                expect(match?.[1], `${project}:${key} (read by ${roles.join(", ")})`).to.equal(expected);
            }
        }
    });

    it("GIVEN the topology THEN a role reads exactly the override keys of the roles it reads", () => {
        expect(KEY_READERS.mesh!.infraFrontendStack).to.deep.equal(["mesh-owner"]);
        expect(KEY_READERS.mesh!.infraBackendStack).to.deep.equal(["mesh-owner", "mesh-participant"]);
        expect(KEY_READERS.mesh!.meshOwnerStack).to.deep.equal(["mesh-participant"]);
        expect(KEY_READERS.apps!.infraFrontendStack).to.deep.equal(["apps-backend", "apps-frontend"]);
        expect(KEY_READERS.apps!.infraBackendStack).to.deep.equal(["apps-backend"]);
        expect(KEY_READERS.apps!.meshParticipantStack).to.deep.equal(["apps-backend"]);
        expect(KEY_READERS.apps!.appsBackendStack).to.deep.equal(["apps-frontend"]);
        expect(KEY_READERS.apps!.meshOwnerStack).to.deep.equal(["apps-frontend"]);
        expect(KEY_READERS.apps!.organization).to.deep.equal(["apps-backend", "apps-frontend"]);
        for (const role of Object.values(ROLES)) {
            for (const read of role.reads) expect(KEY_READERS[role.project]?.[ROLES[read].overrideKey], `${role.id} reads ${read}`).to.include(role.id);
        }
    });
});

// Every organization action, found by walking the action modules, against everyone who must
// not run it: signed out, another site, a member of another organization, and each built-in
// role without its permission. Then garbage input from an Owner. A new action is covered
// without writing a line here.
import { describe, expect, it } from "vitest";
import * as apiKeyActions from "@/app/(settings)/settings/api-keys/actions";
import * as companyActions from "@/app/(settings)/settings/organization/companies/actions";
import * as memberActions from "@/app/(settings)/settings/organization/members/actions";
import * as organizationActions from "@/app/(settings)/settings/organization/actions";
import * as roleActions from "@/app/(settings)/settings/organization/roles/actions";
import type { ServerAction } from "@/lib/actions/define-action";
import { db } from "@/lib/db/client";
import { builtInRole } from "@/lib/organizations/member";
import { BUILT_IN_ROLES, can, type Permission } from "@/lib/organizations/permissions";
import { CROSS_SITE, call, createOrganization, organizationState } from "./members-builders";

type OrganizationAction = ServerAction<unknown> & { permission: Permission };

const MODULES: Record<string, Record<string, unknown>> = { organizationActions, memberActions, companyActions, roleActions, apiKeyActions };

const ACTIONS: [string, OrganizationAction][] = Object.entries(MODULES).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter((entry): entry is [string, OrganizationAction] => typeof entry[1] === "function" && "permission" in entry[1])
    .map(([name, action]) => [`${module}.${name}`, action] as [string, OrganizationAction]),
);

// Field names the organization forms use, each filled with something hostile. (A lone UTF-16
// surrogate cannot be sent: FormData, in the browser as here, turns it into U+FFFD.)
const FIELDS = [
  "name",
  "description",
  "email",
  "emails",
  "role",
  "roleId",
  "userId",
  "membershipId",
  "invitationId",
  "companyId",
  "companyIds",
  "permissions",
  "confirmation",
  "slug",
  "country",
  "allCompanies",
  "q",
  "keyId",
  "type",
  "environment",
  "access",
  "expires",
  "expiresOn",
  "grace",
  "policy",
  "rateLimit",
  "mode",
  "from",
];
const GARBAGE: Record<string, string | string[]> = {
  "a megabyte": "x".repeat(1024 * 1024),
  "a NUL": "a\u0000b",
  "repeated values": ["a", "b", "c"],
};

describe("every organization action", () => {
  it("is found (the walk is not empty)", () => {
    expect(ACTIONS.length).toBeGreaterThanOrEqual(15);
  });

  for (const [name, action] of ACTIONS) {
    describe(name, () => {
      it(`refuses the signed-out, other sites, outsiders and roles without ${action.permission}, changing nothing`, async () => {
        const roles = BUILT_IN_ROLES.map((role) => role.id);
        const { org, people } = await createOrganization(roles);
        const { people: outsiders } = await createOrganization(["owner"]);
        const before = await organizationState(org.id);
        const fields = { organizationId: org.id };

        expect(await call(action, null, fields)).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
        expect(await call(action, people[0]!.session, fields, CROSS_SITE())).toMatchObject({ ok: false, code: "CROSS_SITE" });
        expect(await call(action, outsiders[0]!.session, fields)).toMatchObject({ ok: false, code: "NOT_FOUND" });
        expect(await call(action, people[0]!.session, {})).toMatchObject({ ok: false, code: "NOT_FOUND" });
        let refusals = 0;
        for (const [index, roleId] of roles.entries()) {
          if (can(builtInRole(roleId)!, action.permission)) continue;
          refusals += 1;
          expect(await call(action, people[index]!.session, fields), roleId).toMatchObject({ ok: false, code: "FORBIDDEN" });
        }
        expect(await organizationState(org.id)).toEqual(before);
        expect(await db.auditEvent.count({ where: { orgId: org.id, action: "authorization.refused" } })).toBe(refusals);
      });

      it("answers garbage from an Owner with a refusal, never an exception", async () => {
        const { org, people } = await createOrganization(["owner", "member"]);
        for (const [label, value] of Object.entries(GARBAGE)) {
          const fields: Record<string, string | string[]> = { organizationId: org.id };
          for (const field of FIELDS) fields[field] = value;
          const result = await call(action, people[0]!.session, fields);
          expect(result.ok, `${label}: ${JSON.stringify(result).slice(0, 300)}`).toBe(false);
        }
        // Keys that name the prototype: parsed as plain fields, never merged into an object.
        const sneaky = await call(action, people[0]!.session, { organizationId: org.id, ["__proto__"]: "x", constructor: "y", prototype: "z" });
        expect(sneaky.ok, JSON.stringify(sneaky)).toBe(false);
        expect(await db.membership.count({ where: { orgId: org.id } })).toBe(2);
      });
    });
  }
});

// product.md's role table, written out cell by cell, against the permission list and can().
import { describe, expect, it } from "vitest";
import { builtInRole, customRole } from "@/lib/organizations/member";
import { BUILT_IN_ROLES, PERMISSION_IDS, can, type Permission } from "@/lib/organizations/permissions";

const ROLES = ["owner", "admin", "developer", "member"] as const;

// ✓ per role, in the table's column order: Owner, Admin, Developer, Member.
const TABLE: Record<Permission, readonly [boolean, boolean, boolean, boolean]> = {
  "organization.view": [true, true, true, true],
  "organization.update": [true, true, false, false],
  "members.manage": [true, true, false, false],
  "companies.manage": [true, true, false, false],
  "roles.manage": [true, true, false, false],
  "owners.manage": [true, false, false, false],
  "api_keys.view": [true, true, true, false],
  "api_keys.manage_own": [true, true, true, false],
  "api_keys.manage": [true, true, false, false],
  "api_keys.reveal_own": [true, true, true, false],
  "api_keys.reveal": [true, true, false, false],
  "audit_log.view": [true, true, false, false],
  "notifications.send": [true, true, true, false],
};

describe("built-in roles", () => {
  it("the table covers exactly the permission list", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...PERMISSION_IDS].sort());
    expect(BUILT_IN_ROLES.map((role) => role.id)).toEqual([...ROLES]);
  });

  for (const permission of PERMISSION_IDS) {
    for (const [column, roleId] of ROLES.entries()) {
      const allowed = TABLE[permission][column]!;
      it(`${roleId} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(builtInRole(roleId)!, permission)).toBe(allowed);
      });
    }
  }
});

describe("custom roles", () => {
  it("hold what they list plus seeing the organization, and ignore unknown or Owner-only entries", () => {
    const role = customRole({ id: "r1", name: "Billing", description: "", permissions: "audit_log.view bogus.permission owners.manage" });
    expect(PERMISSION_IDS.filter((permission) => can(role, permission))).toEqual(["organization.view", "audit_log.view"]);
  });
});

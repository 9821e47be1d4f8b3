// Account deletion (T-N1): a step-up and the exact email first; refused while the person is
// the only Owner of an organization others still use; then every personal row goes, the
// organizations only they were in go, the others stay, and their logs keep what happened
// without the person's id. The address is free again and the new account sees nothing old.
import { describe, expect, test } from "vitest";
import { deleteAccount, getDeletionImpact } from "@/lib/account/delete-account";
import { exportUserData } from "@/lib/account/export-data";
import { createAccount } from "@/lib/account/create-account";
import { requestEmailChange } from "@/lib/account/change-email";
import { listSecurityEvents } from "@/lib/audit/queries";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { createSession, findActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { leaveOrganization, listMemberships } from "@/lib/organizations/memberships";
import {
  activeSession,
  createSignedInUser,
  createTestUser,
  createTotpUser,
  lastMail,
  signIn,
  signUpInput,
  stepUpWithPassword,
  testContext,
  uniqueEmail,
} from "../../fixtures/builders";

/** Every row that belongs to the user, by table. */
async function rowsOf(userId: string) {
  const [users, sessions, emailTokens, recoveryCodes, memberships, pendingSignIns, auditEvents] = await Promise.all([
    db.user.count({ where: { id: userId } }),
    db.session.count({ where: { userId } }),
    db.emailToken.count({ where: { userId } }),
    db.recoveryCode.count({ where: { userId } }),
    db.membership.count({ where: { userId } }),
    db.pendingSignIn.count({ where: { userId } }),
    db.auditEvent.count({ where: { userId } }),
  ]);
  return { users, sessions, emailTokens, recoveryCodes, memberships, pendingSignIns, auditEvents };
}

async function orgWith(members: { userId: string; role: string }[], name = `Org ${uniqueEmail("org")}`) {
  const org = await db.organization.create({ data: { name, slug: `org-${Math.random().toString(36).slice(2)}` }, select: { id: true, name: true } });
  for (const member of members) await db.membership.create({ data: { orgId: org.id, userId: member.userId, role: member.role } });
  return org;
}

describe("deleteAccount refuses", () => {
  test("without a step-up: STEP_UP_REQUIRED, nothing deleted", async () => {
    const person = await createSignedInUser();
    const before = await rowsOf(person.userId);

    await expect(deleteAccount(person.session, person.email)).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });

    expect(await rowsOf(person.userId)).toEqual(before);
    expect(await db.organization.count({ where: { id: person.orgId } })).toBe(1);
  });

  test("anything but the exact email: other case, spaces, another address, nothing", async () => {
    const person = await createSignedInUser();
    const elevated = await stepUpWithPassword(person.token, person.password);
    const before = await rowsOf(person.userId);

    for (const typed of [person.email.toUpperCase(), ` ${person.email}`, `${person.email} `, person.email.replace("@", " @"), uniqueEmail(), ""]) {
      await expect(deleteAccount(elevated, typed), JSON.stringify(typed)).rejects.toMatchObject({
        code: "INVALID_INPUT",
        fieldErrors: { confirmation: ["Type your email address exactly as shown."] },
      });
    }

    expect(await rowsOf(person.userId)).toEqual(before);
    expect(await findActiveSession(person.token)).not.toBeNull();
  });

  test("while the person is the only Owner of an organization with other members", async () => {
    const person = await createSignedInUser();
    const colleague = await createTestUser();
    const { name } = await db.organization.findUniqueOrThrow({ where: { id: person.orgId }, select: { name: true } });
    await db.membership.create({ data: { orgId: person.orgId, userId: colleague.userId, role: "admin" } });
    const elevated = await stepUpWithPassword(person.token, person.password);
    const before = await rowsOf(person.userId);

    expect(await getDeletionImpact(person.userId)).toEqual({ deletedOrganizations: [], leftOrganizations: [], blockingOrganizations: [name] });
    await expect(deleteAccount(elevated, person.email)).rejects.toMatchObject({
      code: "CONFLICT",
      message: `You are the only Owner of ${name}, which has other members. Make someone else Owner, or delete the organization, first.`,
    });

    expect(await rowsOf(person.userId)).toEqual(before);
    expect(await db.membership.count({ where: { orgId: person.orgId } })).toBe(2);
    expect(await findActiveSession(person.token)).not.toBeNull();
  });
});

describe("deleteAccount", () => {
  test("removes every personal row, the organizations only the person was in, and keeps the others with their logs", async () => {
    const person = await createTotpUser();
    // A second device (signing in with two factors is its own flow; the row is what matters).
    const { token: laptop } = await db.$transaction((tx) => createSession(tx, person.userId, testContext(), "password+totp"));
    // A pending email change leaves a token; the step-up from createTotpUser is still fresh.
    await requestEmailChange(await activeSession(person.token), uniqueEmail("next"), testContext());
    await db.pendingSignIn.create({ data: { tokenHash: `pending-${person.userId}`, userId: person.userId, expiresAt: new Date(Date.now() + 60_000) } });

    const colleague = await createTestUser();
    // Kept: a co-owned organization (the person's own, where the colleague is Owner too) and
    // one where the person is a plain member; left earlier: a third, whose log says so.
    await db.membership.create({ data: { orgId: person.orgId, userId: colleague.userId, role: "owner" } });
    await db.membership.create({ data: { orgId: colleague.orgId, userId: person.userId, role: "member" } });
    const leftEarlier = await orgWith([
      { userId: colleague.userId, role: "owner" },
      { userId: person.userId, role: "developer" },
    ]);
    await leaveOrganization(await activeSession(person.token), leftEarlier.id, testContext());
    // Deleted with the account: an organization with no other member.
    const solo = await orgWith([{ userId: person.userId, role: "owner" }]);
    await db.auditEvent.create({ data: { action: "user.profile_updated", userId: person.userId, orgId: solo.id } });

    const before = await rowsOf(person.userId);
    expect(before).toMatchObject({ users: 1, sessions: 2, recoveryCodes: 10, memberships: 3, pendingSignIns: 1 });
    expect(before.emailTokens).toBeGreaterThan(0);
    const { name: ownOrgName } = await db.organization.findUniqueOrThrow({ where: { id: person.orgId }, select: { name: true } });
    const { name: colleagueOrgName } = await db.organization.findUniqueOrThrow({ where: { id: colleague.orgId }, select: { name: true } });
    expect(await getDeletionImpact(person.userId)).toEqual({
      deletedOrganizations: [solo.name],
      leftOrganizations: expect.arrayContaining([ownOrgName, colleagueOrgName]),
      blockingOrganizations: [],
    });
    const orgEventIds = (await db.auditEvent.findMany({ where: { userId: person.userId, orgId: { in: [person.orgId, leftEarlier.id] } }, select: { id: true } })).map(
      (row) => row.id,
    );
    expect(orgEventIds).toHaveLength(2); // signed up in its own organization; left the other

    await deleteAccount(await activeSession(person.token), person.email);

    expect(await rowsOf(person.userId)).toEqual({ users: 0, sessions: 0, emailTokens: 0, recoveryCodes: 0, memberships: 0, pendingSignIns: 0, auditEvents: 0 });
    expect(await findActiveSession(person.token)).toBeNull();
    expect(await findActiveSession(laptop)).toBeNull();
    // The solo organization and its log are gone; the others stay with their other members.
    expect(await db.organization.count({ where: { id: solo.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { orgId: solo.id } })).toBe(0);
    for (const orgId of [person.orgId, colleague.orgId, leftEarlier.id]) expect(await db.organization.count({ where: { id: orgId } })).toBe(1);
    expect(await db.membership.findMany({ where: { orgId: person.orgId }, select: { userId: true, role: true } })).toEqual([{ userId: colleague.userId, role: "owner" }]);
    expect(await db.membership.count({ where: { orgId: colleague.orgId } })).toBe(1);
    // Organization log entries stay, without the person's id.
    const kept = await db.auditEvent.findMany({ where: { id: { in: orgEventIds } }, select: { action: true, userId: true, orgId: true } });
    expect(kept).toEqual(
      expect.arrayContaining([
        { action: "user.signed_up", userId: null, orgId: person.orgId },
        { action: "membership.left", userId: null, orgId: leftEarlier.id },
      ]),
    );
    expect(kept).toHaveLength(2);
    // The colleague's account is untouched.
    expect(await rowsOf(colleague.userId)).toMatchObject({ users: 1, memberships: 3 });
    await expect(lastMail(person.email, "Your Latchkey account was deleted")).resolves.toBeTruthy();
  });

  test("the same email signs up again, and the new account reads nothing of the old one", async () => {
    const old = await createSignedInUser();
    const colleague = await createTestUser();
    await db.membership.create({ data: { orgId: old.orgId, userId: colleague.userId, role: "owner" } });
    await signIn(old.email, old.password);
    const elevated = await stepUpWithPassword(old.token, old.password);
    await deleteAccount(elevated, old.email);

    // The old password opens nothing.
    expect(await authenticateWithPassword({ email: old.email, password: old.password }, testContext())).toBeNull();

    const newPassword = "Fresh-Start-Paper-93";
    const { userId, orgId } = await createAccount(signUpInput({ email: old.email, password: newPassword, confirmPassword: newPassword }), testContext());
    expect(userId).not.toBe(old.userId);
    expect(await authenticateWithPassword({ email: old.email, password: old.password }, testContext())).toBeNull();
    const token = await signIn(old.email, newPassword);
    // The download needs a step-up.
    const session = await stepUpWithPassword(token, newPassword);

    expect((await listMemberships(userId)).map((membership) => membership.orgId)).toEqual([orgId]);
    // Its own events only: the failed attempt with the old password after sign-up is its own;
    // the one before (no account then) and everything of the old account are not.
    const ownEvents = ["session.stepped_up", "user.signed_in", "user.sign_in_failed", "user.signed_up"];
    expect((await listSecurityEvents(userId, {})).entries.map((entry) => entry.action)).toEqual(ownEvents);
    const data = await exportUserData(session, testContext());
    expect(data.memberships).toHaveLength(1);
    expect(data.sessions).toHaveLength(1);
    expect(data.securityLog.map((event) => event.action)).toEqual(ownEvents);
    expect(JSON.stringify(data)).not.toContain(old.orgId);
    // The old organization's log is not handed to the new account either.
    expect(await db.auditEvent.count({ where: { orgId: old.orgId, userId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { orgId: old.orgId, userId: null, action: "user.signed_up" } })).toBe(1);
  });
});

describe("exportUserData", () => {
  test("holds the profile, memberships, sessions and security log, and no credential material", async () => {
    const person = await createTotpUser({ firstName: "Grace", lastName: "Hopper" });
    const phoneContext = testContext({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148" });
    // Signing in with a second factor is its own flow: a second session row is enough here.
    await db.session.create({
      data: {
        tokenHash: `export-${person.userId}`,
        userId: person.userId,
        userAgent: phoneContext.userAgent,
        ipAddress: phoneContext.ipAddress,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await requestEmailChange(await activeSession(person.token), uniqueEmail("moved"), testContext());
    const other = await createTestUser();
    await db.membership.create({ data: { orgId: other.orgId, userId: person.userId, role: "developer" } });
    const secrets = await db.user.findUniqueOrThrow({ where: { id: person.userId }, select: { passwordHash: true, totpSecretCiphertext: true } });
    const hashes = [
      ...(await db.session.findMany({ where: { userId: person.userId }, select: { tokenHash: true } })).map((row) => row.tokenHash),
      ...(await db.emailToken.findMany({ where: { userId: person.userId }, select: { tokenHash: true } })).map((row) => row.tokenHash),
      ...(await db.recoveryCode.findMany({ where: { userId: person.userId }, select: { codeHash: true } })).map((row) => row.codeHash),
    ];
    const context = testContext();

    const data = await exportUserData(person.session, context);
    const json = JSON.stringify(data);

    expect(data.profile).toMatchObject({ email: person.email, firstName: "Grace", lastName: "Hopper", hasPassword: true, twoFactorEnabled: true });
    expect(data.memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: "owner" }),
        expect.objectContaining({ role: "developer", organization: expect.any(String), slug: expect.any(String) }),
      ]),
    );
    expect(data.memberships).toHaveLength(2);
    expect(data.sessions).toHaveLength(2);
    expect(data.sessions.map((session) => session.userAgent)).toContain(phoneContext.userAgent);
    expect(data.securityLog.map((event) => event.action)).toEqual(
      expect.arrayContaining(["user.signed_up", "user.signed_in", "session.stepped_up", "two_factor.enabled", "user.email_change_requested"]),
    );
    // No credential and no digest of one, under any name.
    for (const forbidden of ["argon2", "Hash", "hash", "Ciphertext", "ciphertext", "secret", "v1.", person.password, person.secret, ...person.recoveryCodes, person.token]) {
      expect(json, forbidden).not.toContain(forbidden);
    }
    for (const value of [secrets.passwordHash!, secrets.totpSecretCiphertext!, ...hashes]) expect(json).not.toContain(value);
    // Other people's data never comes along.
    expect(json).not.toContain(other.email);
    // And the download is logged.
    expect(await db.auditEvent.findMany({ where: { userId: person.userId, action: "user.data_exported" }, select: { ipAddress: true } })).toEqual([
      { ipAddress: context.ipAddress },
    ]);
  });
});

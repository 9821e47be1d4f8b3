// Invitations (issue 9): sending, the link's lifecycle (single use, seven days, revoke,
// resend), its binding to the invited address, duplicates, and accepting twice at once.
/** @see issue 9, "Invitations" */
import { describe, expect, test } from "vitest";
import { acceptInvitationAction } from "@/app/(auth)/invitations/[token]/actions";
import { inviteMembersAction, resendInvitationAction, revokeInvitationAction } from "@/app/(settings)/settings/organization/members/actions";
import { hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db/client";
import { createAccountFromInvitation } from "@/lib/organizations/create-account-from-invitation";
import { getInvitationByToken, INVITATION_TTL_MS, INVITATIONS_PAGE_SIZE, listInvitations } from "@/lib/organizations/invitations";
import { requireMember } from "@/lib/organizations/member";
import { RATE_LIMITS } from "@/lib/rate-limit/limit";
import { advanceClock } from "../../fixtures/clock";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The test clock moves at most a day at a time. */
function advanceBy(ms: number): void {
  for (let left = ms; left > 0; left -= DAY_MS) advanceClock(Math.min(left, DAY_MS));
}
import { linkTokenIn, mailsTo, signUpInput, testContext, uniqueEmail } from "../../fixtures/builders";
import { call, createOrganization, createPerson, CROSS_SITE, memberSession, organizationState } from "./members-builders";

async function invitationToken(email: string): Promise<string> {
  const mail = (await mailsTo(email)).filter((message) => message.subject.includes("invited you to")).at(-1);
  if (!mail) throw new Error(`no invitation mail to ${email}`);
  return linkTokenIn(mail.textBody, "/invitations");
}

async function invite(orgId: string, inviter: { session: Parameters<typeof call>[1] }, emails: string, roleId = "member", extra: Record<string, string | string[]> = {}) {
  return call(inviteMembersAction, inviter.session, { organizationId: orgId, emails, roleId, ...extra });
}

describe("sending", () => {
  test("two addresses, comma and newline separated: two invitations, two mails with a link, tokens stored hashed, logged", async () => {
    const { org, people } = await createOrganization(["owner"], { names: ["Grace"] });
    const first = uniqueEmail("invitee");
    const second = uniqueEmail("invitee");

    const result = await invite(org.id, people[0]!, ` ${first.toUpperCase()},\n${second}\n`, "developer");

    expect(result).toMatchObject({ ok: true, message: "2 invitations sent.", data: { sent: [first, second], skipped: [] } });
    const rows = await db.invitation.findMany({ where: { orgId: org.id }, orderBy: { email: "asc" } });
    expect(rows.map((row) => row.email).sort()).toEqual([first, second].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ role: "developer", invitedById: people[0]!.userId, allCompanies: true, acceptedAt: null, revokedAt: null });
      expect(row.expiresAt.getTime() - row.sentAt.getTime()).toBe(INVITATION_TTL_MS);
      const token = await invitationToken(row.email);
      expect(token.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
      expect(row.tokenHash).toBe(hashToken(token));
      expect(JSON.stringify(row)).not.toContain(token);
      const mail = (await mailsTo(row.email)).at(-1)!;
      expect(mail.subject).toBe(`Grace owner invited you to ${org.name} on Latchkey`);
      expect(mail.textBody).toContain("as Developer");
    }
    const events = await db.auditEvent.findMany({ where: { orgId: org.id, action: "invitation.sent" } });
    expect(events.map((event) => JSON.parse(event.metadata)).sort((a, b) => (a.targetEmail < b.targetEmail ? -1 : 1))).toEqual(
      [first, second].sort().map((targetEmail) => ({ targetEmail, roleName: "Developer" })),
    );
  });

  test("an existing member and an address with a pending invitation are skipped with a reason; no duplicate", async () => {
    const { org, people } = await createOrganization(["owner", "member"]);
    const pending = uniqueEmail("pending");
    await invite(org.id, people[0]!, pending);
    const fresh = uniqueEmail("fresh");

    const result = await invite(org.id, people[0]!, `${people[1]!.email}, ${pending}, ${fresh}`);

    expect(result).toMatchObject({
      ok: true,
      data: {
        sent: [fresh],
        skipped: [
          { email: people[1]!.email, reason: `${people[1]!.email} is already a member of this organization.` },
          { email: pending, reason: `${pending} already has a pending invitation. Resend it from the list instead.` },
        ],
      },
    });
    expect(await db.invitation.count({ where: { orgId: org.id, email: pending } })).toBe(1);
    expect(await db.invitation.count({ where: { orgId: org.id, email: people[1]!.email } })).toBe(0);
  });

  test("bad input changes nothing: an invalid address, too many addresses, no company picked", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const before = await organizationState(org.id);

    expect(await invite(org.id, people[0]!, `${uniqueEmail()}, not-an-email`)).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { emails: ["“not-an-email” is not a valid email address."] },
    });
    const many = Array.from({ length: 51 }, (_, index) => `p${index}@example.test`).join("\n");
    expect(await invite(org.id, people[0]!, many)).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { emails: ["Invite at most 50 addresses at a time."] } });
    expect(await invite(org.id, people[0]!, "")).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(await invite(org.id, people[0]!, uniqueEmail(), "member", { companyAccess: "some" })).toMatchObject({
      ok: false,
      fieldErrors: { companyIds: ["Pick at least one company, or choose All companies."] },
    });
    expect(await organizationState(org.id)).toEqual(before);
  });

  test("invited with some companies: the member joins with exactly those", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const [north, south] = await Promise.all(["North", "South"].map((name) => db.company.create({ data: { orgId: org.id, name }, select: { id: true } })));
    const invitee = await createPerson();
    await invite(org.id, people[0]!, invitee.email, "member", { companyAccess: "some", companyIds: [north!.id] });

    expect(await call(acceptInvitationAction, invitee.session, { token: await invitationToken(invitee.email) })).toMatchObject({ ok: true });

    const membership = await db.membership.findUniqueOrThrow({
      where: { orgId_userId: { orgId: org.id, userId: invitee.userId } },
      select: { allCompanies: true, companies: { select: { companyId: true } } },
    });
    expect(membership).toEqual({ allCompanies: false, companies: [{ companyId: north!.id }] });
    expect(south).toBeDefined();
  });

  test("signed out, cross-site, or without the permission: refused and nothing written", async () => {
    const { org, people } = await createOrganization(["owner", "developer"]);
    const before = await organizationState(org.id);
    const fields = { organizationId: org.id, emails: uniqueEmail(), roleId: "member" };

    expect(await call(inviteMembersAction, null, fields)).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await call(inviteMembersAction, people[0]!.session, fields, CROSS_SITE())).toMatchObject({ ok: false, code: "CROSS_SITE" });
    expect(await call(inviteMembersAction, people[1]!.session, fields)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await organizationState(org.id)).toEqual(before);
  });
});

describe("listing", () => {
  test("newest first, 50 a page, each with its status; only for people who manage members", async () => {
    const { org, people } = await createOrganization(["owner", "member"]);
    const now = Date.now();
    await db.invitation.createMany({
      data: Array.from({ length: INVITATIONS_PAGE_SIZE + 5 }, (_, index) => ({
        orgId: org.id,
        email: `listed-${index}-${now}@example.test`,
        role: "member",
        tokenHash: `listed-${index}-${now}-${Math.random()}`,
        createdAt: new Date(now - index * 1000),
        expiresAt: new Date(now + (index === 0 ? -1000 : INVITATION_TTL_MS)),
        revokedAt: index === 1 ? new Date() : null,
        invitedById: index === 2 ? people[0]!.userId : null,
      })),
    });
    const owner = await requireMember(people[0]!.userId, org.id);

    const first = await listInvitations(owner);
    expect(first.invitations).toHaveLength(INVITATIONS_PAGE_SIZE);
    expect(first.invitations.slice(0, 3).map((row) => [row.email.split("-")[1], row.status])).toEqual([
      ["0", "expired"],
      ["1", "revoked"],
      ["2", "pending"],
    ]);
    // Who sent it, where their account still exists.
    expect(first.invitations.slice(0, 3).map((row) => row.invitedByName)).toEqual([null, null, people[0]!.name]);
    const second = await listInvitations(owner, { cursor: first.nextCursor! });
    expect(second.invitations.map((row) => row.email.split("-")[1])).toEqual(["50", "51", "52", "53", "54"]);
    expect(second.nextCursor).toBeNull();

    await expect(listInvitations(await requireMember(people[1]!.userId, org.id))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("rate limits", () => {
  test("each address sent counts against the inviter's hourly budget; past it a batch sends nothing", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const budget = RATE_LIMITS["invitations:user"].points;
    const batch = () => Array.from({ length: 50 }, () => uniqueEmail("bulk")).join("\n");
    for (let sent = 0; sent + 50 <= budget; sent += 50) expect(await invite(org.id, people[0]!, batch())).toMatchObject({ ok: true });
    const before = await organizationState(org.id);

    expect(await invite(org.id, people[0]!, batch())).toMatchObject({ ok: false, code: "RATE_LIMITED" });

    expect(await organizationState(org.id)).toEqual(before);
  });
});

describe("the link", () => {
  async function invited(roleId = "member") {
    const { org, people } = await createOrganization(["owner"]);
    const invitee = await createPerson({ firstName: "Katherine", lastName: "Johnson" });
    await invite(org.id, people[0]!, invitee.email, roleId);
    return { org, owner: people[0]!, invitee, token: await invitationToken(invitee.email) };
  }

  test("the invited person joins once: membership with the role, switched to the organization, logged, the inviter told; the link then says it was used", async () => {
    const { org, owner, invitee, token } = await invited("developer");
    expect(await getInvitationByToken(token)).toMatchObject({ state: "pending", email: invitee.email, orgName: org.name, roleName: "Developer" });

    const result = await call(acceptInvitationAction, invitee.session, { token });

    expect(result).toMatchObject({ ok: true, message: `You joined ${org.name}.`, redirect: "/settings/organization/members?notice=joined" });
    expect(await db.membership.findUnique({ where: { orgId_userId: { orgId: org.id, userId: invitee.userId } }, select: { role: true } })).toEqual({ role: "developer" });
    expect(await db.session.findUniqueOrThrow({ where: { id: invitee.session.sessionId }, select: { currentOrgId: true } })).toEqual({ currentOrgId: org.id });
    const accepted = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "invitation.accepted" } });
    expect(accepted.userId).toBe(invitee.userId);
    expect(JSON.parse(accepted.metadata)).toEqual({ targetEmail: invitee.email, roleName: "Developer" });
    expect((await mailsTo(owner.email)).map((mail) => mail.subject)).toContain(`Katherine Johnson joined ${org.name}`);

    expect(await call(acceptInvitationAction, invitee.session, { token })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "This invitation was already used. If that wasn't you, ask for a new invitation.",
    });
    expect(await getInvitationByToken(token)).toEqual({ state: "used" });
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(2);
  });

  test("after seven days the link has expired", async () => {
    const { org, invitee, token } = await invited();
    advanceBy(INVITATION_TTL_MS + 60_000);

    expect(await call(acceptInvitationAction, invitee.session, { token })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "This invitation has expired. Ask whoever invited you to send it again.",
    });
    expect(await getInvitationByToken(token)).toEqual({ state: "expired" });
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(1);
  });

  test("a revoked link no longer works; revoking twice is refused", async () => {
    const { org, owner, invitee, token } = await invited();
    const invitation = await db.invitation.findFirstOrThrow({ where: { orgId: org.id } });

    expect(await call(revokeInvitationAction, owner.session, { organizationId: org.id, invitationId: invitation.id })).toMatchObject({
      ok: true,
      message: `The invitation to ${invitee.email} was revoked.`,
    });
    expect(await call(acceptInvitationAction, invitee.session, { token })).toMatchObject({
      ok: false,
      message: "This invitation was withdrawn. Ask whoever invited you if you should still join.",
    });
    expect(await getInvitationByToken(token)).toEqual({ state: "revoked" });
    expect(await call(revokeInvitationAction, owner.session, { organizationId: org.id, invitationId: invitation.id })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await call(resendInvitationAction, owner.session, { organizationId: org.id, invitationId: invitation.id })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "invitation.revoked" } })).toBe(1);
  });

  test("resend: a new link and a new expiry on the same row; the old link is dead, the new one works", async () => {
    const { org, owner, invitee, token: oldToken } = await invited();
    const before = await db.invitation.findFirstOrThrow({ where: { orgId: org.id } });
    advanceBy(6 * DAY_MS);

    expect(await call(resendInvitationAction, owner.session, { organizationId: org.id, invitationId: before.id })).toMatchObject({ ok: true });

    const newToken = await invitationToken(invitee.email);
    expect(newToken).not.toBe(oldToken);
    const after = await db.invitation.findFirstOrThrow({ where: { orgId: org.id } });
    expect(after.id).toBe(before.id);
    expect(after.tokenHash).toBe(hashToken(newToken));
    expect(after.expiresAt.getTime()).toBeGreaterThan(before.expiresAt.getTime());
    expect(await getInvitationByToken(oldToken)).toEqual({ state: "invalid" });
    expect(await call(acceptInvitationAction, invitee.session, { token: oldToken })).toMatchObject({ ok: false, code: "NOT_FOUND" });

    advanceBy(2 * DAY_MS); // past the first link's expiry, within the new one's
    expect(await call(acceptInvitationAction, invitee.session, { token: newToken })).toMatchObject({ ok: true });
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "invitation.resent" } })).toBe(1);
  });

  test("someone signed in under another address is refused and nothing changes", async () => {
    const { org, token } = await invited();
    const stranger = await createPerson();
    const before = await organizationState(org.id);

    expect(await call(acceptInvitationAction, stranger.session, { token })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: "This invitation was sent to another email address. Sign out and sign in with the account for that address.",
    });
    expect(await organizationState(org.id)).toEqual(before);
    expect(await getInvitationByToken(token)).toMatchObject({ state: "pending" });
  });

  test("the invited address on an unverified account is told to verify first", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const unverified = await createPerson({ verified: false });
    await invite(org.id, people[0]!, unverified.email);
    const before = await organizationState(org.id);

    expect(await call(acceptInvitationAction, unverified.session, { token: await invitationToken(unverified.email) })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: "Verify your email address first: open the link we sent when you signed up, then come back to this invitation.",
    });
    expect(await organizationState(org.id)).toEqual(before);
  });

  test("a made-up token tells nothing about any organization", async () => {
    expect(await getInvitationByToken("x".repeat(43))).toEqual({ state: "invalid" });
    expect(await getInvitationByToken("../../etc")).toEqual({ state: "invalid" });
    const someone = await createPerson();
    expect(await call(acceptInvitationAction, someone.session, { token: "x".repeat(43) })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  test("two browsers accepting at the same moment: one membership, the other is told the link was used", async () => {
    const { org, invitee, token } = await invited();
    const second = await createPerson({ email: `second-${invitee.email}` });
    // The same account in two browsers: two sessions.
    const otherSession = await memberSession(invitee.userId);
    expect(second).toBeDefined();

    const results = await Promise.all([call(acceptInvitationAction, invitee.session, { token }), call(acceptInvitationAction, otherSession, { token })]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([
      expect.objectContaining({ ok: false, code: "CONFLICT", message: "This invitation was already used. If that wasn't you, ask for a new invitation." }),
    ]);
    expect(await db.membership.count({ where: { orgId: org.id, userId: invitee.userId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "invitation.accepted" } })).toBe(1);
  });
});

describe("creating an account from the link", () => {
  test("the account gets the invitation's address whatever the form said, counts as verified, and joins", async () => {
    const { org, people } = await createOrganization(["owner"]);
    const invitedEmail = uniqueEmail("newcomer");
    await invite(org.id, people[0]!, invitedEmail, "developer");
    const token = await invitationToken(invitedEmail);
    const attackerEmail = uniqueEmail("someone-else");

    const result = await createAccountFromInvitation(signUpInput({ email: attackerEmail }), token, testContext());

    expect(result.email).toBe(invitedEmail);
    expect(result.joinedOrgId).toBe(org.id);
    expect(await db.user.count({ where: { email: attackerEmail } })).toBe(0);
    const user = await db.user.findUniqueOrThrow({
      where: { email: invitedEmail },
      select: { id: true, emailVerifiedAt: true, memberships: { select: { orgId: true, role: true } } },
    });
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    // Their own organization, as every account starts with, and the inviting one.
    expect(user.memberships).toHaveLength(2);
    expect(user.memberships).toContainEqual({ orgId: org.id, role: "developer" });
    expect(await getInvitationByToken(token)).toEqual({ state: "used" });
    expect(await db.auditEvent.count({ where: { userId: user.id, action: "user.email_verified" } })).toBe(1);
  });

  test("a dead link creates no account", async () => {
    const email = uniqueEmail("nobody");
    await expect(createAccountFromInvitation(signUpInput({ email }), "y".repeat(43), testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

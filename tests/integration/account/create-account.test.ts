import { describe, expect, test } from "vitest";
import { createAccount } from "@/lib/account/create-account";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { RATE_LIMITS } from "@/lib/rate-limit/limit";
import { createTestUser, mailsTo, signUpInput, testContext } from "../../fixtures/builders";

describe("createAccount", () => {
  test("a sign-up whose random organization slug is already taken gets another slug, not a refusal", async () => {
    const taken = `taken-${Date.now()}`;
    await db.organization.create({ data: { name: "Taken", slug: taken } });
    const fresh = `fresh-${Date.now()}`;
    const slugs = [taken, fresh];
    const input = signUpInput();

    const { orgId } = await createAccount(input, testContext(), { newSlug: () => slugs.shift()! });

    expect((await db.organization.findUniqueOrThrow({ where: { id: orgId } })).slug).toBe(fresh);
    expect(await db.user.count({ where: { email: input.email } })).toBe(1);
    // The new address is sent its verification link, not "someone tried to sign up with your address".
    expect((await mailsTo(input.email)).map((mail) => mail.subject)).toEqual([expect.stringMatching(/verify/i)]);
  });

  test("creates the user, their first organization and an Owner membership, with a log entry", async () => {
    const input = signUpInput({ firstName: "Grace", organizationName: undefined });
    const context = testContext();
    const { userId, orgId } = await createAccount(input, context);

    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(input.email);
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.passwordHash).not.toContain(input.password);
    const org = await db.organization.findUniqueOrThrow({ where: { id: orgId } });
    expect(org.name).toBe("Grace's organization");
    expect(org.slug).toMatch(/^grace-s-organization-[0-9a-f]{6}$/);
    const memberships = await db.membership.findMany({ where: { userId } });
    expect(memberships).toEqual([expect.objectContaining({ orgId, role: "owner" })]);
    const events = await db.auditEvent.findMany({ where: { userId } });
    expect(events).toEqual([expect.objectContaining({ action: "user.signed_up", orgId, ipAddress: context.ipAddress, userAgent: context.userAgent })]);
  });

  test("uses the organization name when one is given", async () => {
    const { orgId } = await createAccount(signUpInput({ organizationName: "Analytical Engines" }), testContext());
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgId } })).name).toBe("Analytical Engines");
  });

  test("an email that already has an account creates nothing", async () => {
    const input = signUpInput();
    await createAccount(input, testContext());
    const before = { users: await db.user.count(), orgs: await db.organization.count(), memberships: await db.membership.count() };

    await expect(createAccount({ ...input, firstName: "Mallory" }, testContext())).rejects.toMatchObject({ code: "CONFLICT" });

    expect({ users: await db.user.count(), orgs: await db.organization.count(), memberships: await db.membership.count() }).toEqual(before);
  });

  /**
   * Each sign-up with a taken address mailed its owner, without limit: anyone could flood an
   * inbox. The notices are now limited per address; the person signing up sees the same
   * answer either way.
   * @see issue 8, item 9
   */
  test("20 sign-ups with a taken address from 20 IP addresses mail its owner at most the per-address limit", async () => {
    const owner = await createTestUser();
    const limitPerAddress = RATE_LIMITS["sign-up-notice:address"].points;

    for (let attempt = 0; attempt < 20; attempt += 1) {
      await expect(createAccount(signUpInput({ email: owner.email, firstName: "Mallory" }), testContext())).rejects.toMatchObject({
        code: "CONFLICT",
        message: new AppError("CONFLICT").message,
      });
    }

    const notices = (await mailsTo(owner.email)).filter((mail) => mail.subject === "Someone tried to create an account with your email");
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.length).toBeLessThanOrEqual(limitPerAddress);
  });

  test("two sign-ups racing for one address make one account, one organization", async () => {
    const input = signUpInput();
    const results = await Promise.allSettled([createAccount(input, testContext()), createAccount(input, testContext())]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    const users = await db.user.findMany({ where: { email: input.email }, select: { id: true } });
    expect(users).toHaveLength(1);
    expect(await db.membership.count({ where: { userId: users[0]!.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { userId: users[0]!.id, action: "user.signed_up" } })).toBe(1);
  });
});

import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { LAST_ACTIVE_WRITE_INTERVAL_MS, SESSION_IDLE_TIMEOUT_MS, endSession, findActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { createTestUser, lockoutKey, testContext, uniqueEmail } from "../../fixtures/builders";

describe("password sign-in", () => {
  test("opens a session stored only as a hash of its token, and logs it", async () => {
    const user = await createTestUser();
    const context = testContext();
    const result = await authenticateWithPassword({ email: user.email, password: user.password }, context);
    expect(result?.kind).toBe("session");
    if (result?.kind !== "session") return;

    const rows = await db.session.findMany({ where: { userId: user.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash("sha256").update(result!.sessionToken).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(result!.sessionToken);
    expect(rows[0]).toMatchObject({ ipAddress: context.ipAddress, userAgent: context.userAgent });
    const events = await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.signed_in" } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.metadata)).toEqual({ method: "password", sessionId: rows[0]!.id });
  });

  test("accepts the NFKC-equal form of the password", async () => {
    const user = await createTestUser({ password: "Café-Crème-1", confirmPassword: "Café-Crème-1" });
    const decomposed = "Café-Crème-1".normalize("NFD");
    expect(decomposed).not.toBe("Café-Crème-1");
    expect(await authenticateWithPassword({ email: user.email, password: decomposed }, testContext())).not.toBeNull();
  });

  test("a wrong password and an unknown email both answer null and open nothing", async () => {
    const user = await createTestUser();
    expect(await authenticateWithPassword({ email: user.email, password: "Wrong-Horse-9" }, testContext())).toBeNull();
    expect(await authenticateWithPassword({ email: uniqueEmail("nobody"), password: user.password }, testContext())).toBeNull();
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);
    const failures = await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.sign_in_failed" } });
    expect(failures).toHaveLength(1);
    // The log never holds what was typed.
    expect(JSON.stringify(failures)).not.toContain("Wrong-Horse-9");
  });

  test("a password longer than 1 KiB is refused without work proportional to its size", async () => {
    const user = await createTestUser();
    const started = performance.now();
    expect(await authenticateWithPassword({ email: user.email, password: "A1!".repeat(1_000_000) }, testContext())).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("sessions", () => {
  async function signedIn() {
    const user = await createTestUser();
    const result = await authenticateWithPassword({ email: user.email, password: user.password }, testContext());
    if (result?.kind !== "session") throw new Error("expected a session");
    return { ...user, token: result.sessionToken };
  }

  test("a session row is the session: deleting it ends the session on the next request", async () => {
    const { token, userId } = await signedIn();
    const active = await findActiveSession(token);
    expect(active?.user.id).toBe(userId);

    await db.session.deleteMany({ where: { userId } });
    expect(await findActiveSession(token)).toBeNull();
  });

  test("a session carries the facts about its person, each read as it is now, never the credentials", async () => {
    const { token, userId, email } = await signedIn();
    const active = await findActiveSession(token);
    expect(active).toMatchObject({
      signInMethod: "password",
      stepUpAt: null,
      stepUpSecondFactor: false,
      currentOrgId: null,
      user: { id: userId, email, emailVerified: false, hasPassword: true, totpEnabled: false, totpEnabledAt: null, hasPasskey: false },
    });
    expect(JSON.stringify(active)).not.toMatch(/argon2|passwordHash|tokenHash/);

    const at = new Date(Date.now() - 60_000);
    await db.user.update({ where: { id: userId }, data: { emailVerifiedAt: at, passwordHash: null, totpEnabledAt: at } });
    await db.passkey.create({ data: { userId, credentialId: `credential-${userId}`, publicKey: "key", deviceType: "multiDevice", backedUp: true, aaguid: "0", name: "Phone" } });
    await db.session.updateMany({ where: { userId }, data: { stepUpAt: at, stepUpSecondFactor: true } });
    expect(await findActiveSession(token)).toMatchObject({
      stepUpAt: at,
      stepUpSecondFactor: true,
      user: { emailVerified: true, hasPassword: false, totpEnabled: true, totpEnabledAt: at, hasPasskey: true },
    });
  });

  test("an unknown or tampered token finds nothing", async () => {
    const { token } = await signedIn();
    expect(await findActiveSession(`${token}x`)).toBeNull();
    expect(await findActiveSession("")).toBeNull();
  });

  test("an expired session ends and its row is removed", async () => {
    const { token, userId } = await signedIn();
    await db.session.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findActiveSession(token)).toBeNull();
    expect(await db.session.count({ where: { userId } })).toBe(0);
  });

  test("a session idle for longer than the idle timeout ends", async () => {
    const { token, userId } = await signedIn();
    await db.session.updateMany({ where: { userId }, data: { lastActiveAt: new Date(Date.now() - SESSION_IDLE_TIMEOUT_MS - 1000) } });
    expect(await findActiveSession(token)).toBeNull();
  });

  test("last-active time is written at most once a minute", async () => {
    const { token, userId } = await signedIn();
    const created = (await db.session.findFirstOrThrow({ where: { userId } })).lastActiveAt;
    await findActiveSession(token, new Date(created.getTime() + LAST_ACTIVE_WRITE_INTERVAL_MS - 1000));
    expect((await db.session.findFirstOrThrow({ where: { userId } })).lastActiveAt).toEqual(created);
    const later = new Date(created.getTime() + LAST_ACTIVE_WRITE_INTERVAL_MS + 1000);
    await findActiveSession(token, later);
    expect((await db.session.findFirstOrThrow({ where: { userId } })).lastActiveAt).toEqual(later);
  });

  test("signing out deletes the session and logs it; other sessions stay", async () => {
    const { token, email, password, userId } = await signedIn();
    const other = await authenticateWithPassword({ email, password }, testContext({ userAgent: "Other/1.0" }));
    if (other?.kind !== "session") throw new Error("expected a session");
    const current = await findActiveSession(token);
    await endSession(current!.sessionId, testContext());
    expect(await findActiveSession(token)).toBeNull();
    expect(await findActiveSession(other.sessionToken)).not.toBeNull();
    expect(await db.auditEvent.count({ where: { userId, action: "user.signed_out" } })).toBe(1);
  });
});

describe("no account oracle by timing (T-B1)", () => {
  test("unknown email and wrong password take similar time", async () => {
    const user = await createTestUser();
    const time = async (email: string) => {
      const started = performance.now();
      await authenticateWithPassword({ email, password: "Wrong-Horse-9" }, testContext());
      const elapsed = performance.now() - started;
      // Wrong passwords, not a locked account (which says so): the counter starts again.
      await db.rateLimiterFlexible.deleteMany({ where: { key: lockoutKey(user.userId) } });
      return elapsed;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    await time(user.email); // warm-up
    for (let round = 0; round < 15; round += 1) {
      known.push(await time(user.email));
      unknown.push(await time(uniqueEmail("nobody")));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.33);
  });
});

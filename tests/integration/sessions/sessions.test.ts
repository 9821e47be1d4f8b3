// The session list and revocation (T-F1, T-F4): the list shows only the person's live
// sessions, this device first; signing another session out needs a step-up, never reaches
// another person's session (NOT_FOUND, like an id that doesn't exist), removes exactly the
// rows it names and logs once.
import { describe, expect, test } from "vitest";
import { SESSION_IDLE_TIMEOUT_MS, findActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { listSessions, revokeSession, revokeSessions } from "@/lib/sessions/sessions";
import { activeSession, createSignedInUser, signIn, stepUpWithPassword, testContext } from "../../fixtures/builders";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/** A person signed in on this device, an iPhone and Firefox; and a stranger signed in elsewhere. */
async function personWithThreeSessions() {
  const person = await createSignedInUser();
  const iphone = await signIn(person.email, person.password, testContext({ userAgent: IPHONE }));
  const firefox = await signIn(person.email, person.password, testContext({ userAgent: FIREFOX }));
  const stranger = await createSignedInUser();
  const idOf = async (token: string) => (await activeSession(token)).sessionId;
  return { person, stranger, ids: { current: person.session.sessionId, iphone: await idOf(iphone), firefox: await idOf(firefox) }, tokens: { iphone, firefox } };
}

async function sessionIdsOf(userId: string) {
  return (await db.session.findMany({ where: { userId }, select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id);
}

function revokedEvents(userId: string) {
  return db.auditEvent.findMany({ where: { userId, action: "session.revoked" } });
}

describe("listSessions", () => {
  test("lists only the person's live sessions, this device first, then the most recently active", async () => {
    const { person, stranger, ids } = await personWithThreeSessions();
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    // This device was active longest ago: it still comes first.
    await db.session.update({ where: { id: ids.current }, data: { lastActiveAt: minutesAgo(30) } });
    await db.session.update({ where: { id: ids.iphone }, data: { lastActiveAt: minutesAgo(20) } });
    await db.session.update({ where: { id: ids.firefox }, data: { lastActiveAt: minutesAgo(5) } });
    // Dead sessions the database still holds: past their lifetime, and idle past the timeout.
    await db.session.create({ data: { tokenHash: `expired-${ids.current}`, userId: person.userId, userAgent: FIREFOX, expiresAt: minutesAgo(1) } });
    await db.session.create({
      data: {
        tokenHash: `idle-${ids.current}`,
        userId: person.userId,
        userAgent: FIREFOX,
        lastActiveAt: new Date(Date.now() - SESSION_IDLE_TIMEOUT_MS - 60_000),
        expiresAt: new Date(Date.now() + 60 * 60_000),
      },
    });

    const list = await listSessions(await activeSession(person.token));

    expect(list.map((item) => item.id)).toEqual([ids.current, ids.firefox, ids.iphone]);
    expect(list.map((item) => item.current)).toEqual([true, false, false]);
    expect(list[1]!.device).toMatchObject({ summary: "Firefox 133 on Linux", deviceType: "Desktop" });
    expect(list[2]!.device).toMatchObject({ summary: "Mobile Safari 17 on iOS 17.5", deviceType: "Mobile" });
    expect(list.every((item) => item.signInMethod === "password" && item.ipAddress?.startsWith("2001:db8:"))).toBe(true);
    expect(list.map((item) => item.id)).not.toContain(stranger.session.sessionId);
  });

  test("a person with one session sees exactly that one", async () => {
    const person = await createSignedInUser();
    const list = await listSessions(person.session);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: person.session.sessionId, current: true });
  });
});

describe("revokeSession", () => {
  test("needs a step-up: STEP_UP_REQUIRED, nothing deleted, nothing logged", async () => {
    const { person, ids } = await personWithThreeSessions();
    const before = await sessionIdsOf(person.userId);

    await expect(revokeSession(person.session, ids.iphone, testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });

    expect(await sessionIdsOf(person.userId)).toEqual(before);
    expect(await revokedEvents(person.userId)).toHaveLength(0);
  });

  test("a step-up older than 10 minutes no longer counts", async () => {
    const { person, ids } = await personWithThreeSessions();
    await stepUpWithPassword(person.token, person.password);
    await db.session.update({ where: { id: ids.current }, data: { stepUpAt: new Date(Date.now() - 11 * 60_000) } });

    await expect(revokeSession(await activeSession(person.token), ids.iphone, testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await sessionIdsOf(person.userId)).toHaveLength(3);
  });

  test("refuses to end the current session (that is signing out)", async () => {
    const { person, ids } = await personWithThreeSessions();
    const elevated = await stepUpWithPassword(person.token, person.password);

    await expect(revokeSession(elevated, ids.current, testContext())).rejects.toMatchObject({ code: "INVALID_INPUT", message: "To end this session, sign out." });

    expect(await sessionIdsOf(person.userId)).toHaveLength(3);
    expect(await findActiveSession(person.token)).not.toBeNull();
    expect(await revokedEvents(person.userId)).toHaveLength(0);
  });

  test("another person's session id and an unknown id both answer NOT_FOUND and delete nothing", async () => {
    const { person, stranger } = await personWithThreeSessions();
    const elevated = await stepUpWithPassword(person.token, person.password);
    const mine = await sessionIdsOf(person.userId);
    const theirs = await sessionIdsOf(stranger.userId);
    const allRows = await db.session.count();

    const other = await revokeSession(elevated, stranger.session.sessionId, testContext()).catch((error: unknown) => error);
    const unknown = await revokeSession(elevated, "cnosuchsession0000000000", testContext()).catch((error: unknown) => error);

    expect(other).toMatchObject({ code: "NOT_FOUND" });
    expect(unknown).toMatchObject({ code: "NOT_FOUND" });
    // The same answer: nothing tells the caller the stranger's session exists.
    expect((other as Error).message).toBe((unknown as Error).message);
    expect(await sessionIdsOf(person.userId)).toEqual(mine);
    expect(await sessionIdsOf(stranger.userId)).toEqual(theirs);
    expect(await db.session.count()).toBe(allRows);
    expect(await findActiveSession(stranger.token)).not.toBeNull();
    expect(await revokedEvents(person.userId)).toHaveLength(0);
    expect(await revokedEvents(stranger.userId)).toHaveLength(0);
  });

  test("after a step-up, deletes exactly that session, which stops working, and logs it once", async () => {
    const { person, stranger, ids, tokens } = await personWithThreeSessions();
    const elevated = await stepUpWithPassword(person.token, person.password);
    const context = testContext();

    await revokeSession(elevated, ids.iphone, context);

    expect(await sessionIdsOf(person.userId)).toEqual([ids.current, ids.firefox].sort());
    expect(await findActiveSession(tokens.iphone)).toBeNull();
    expect(await findActiveSession(tokens.firefox)).not.toBeNull();
    expect(await findActiveSession(person.token)).not.toBeNull();
    expect(await findActiveSession(stranger.token)).not.toBeNull();
    const events = await revokedEvents(person.userId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ipAddress: context.ipAddress, userAgent: context.userAgent, orgId: null });
    expect(JSON.parse(events[0]!.metadata)).toEqual({ scope: "one", sessionId: ids.iphone });

    // Again: it has already ended.
    await expect(revokeSession(await activeSession(person.token), ids.iphone, testContext())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await revokedEvents(person.userId)).toHaveLength(1);
  });
});

describe("revokeSessions", () => {
  test("needs a step-up", async () => {
    const { person } = await personWithThreeSessions();
    await expect(revokeSessions(person.session, "others", testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    await expect(revokeSessions(person.session, "all", testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await sessionIdsOf(person.userId)).toHaveLength(3);
    expect(await revokedEvents(person.userId)).toHaveLength(0);
  });

  test('"others" keeps only the current session, leaves other people alone, and logs once', async () => {
    const { person, stranger, ids, tokens } = await personWithThreeSessions();
    const elevated = await stepUpWithPassword(person.token, person.password);

    expect(await revokeSessions(elevated, "others", testContext())).toBe(2);

    expect(await sessionIdsOf(person.userId)).toEqual([ids.current]);
    expect(await findActiveSession(person.token)).not.toBeNull();
    expect(await findActiveSession(tokens.iphone)).toBeNull();
    expect(await findActiveSession(tokens.firefox)).toBeNull();
    expect(await findActiveSession(stranger.token)).not.toBeNull();
    const events = await revokedEvents(person.userId);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.metadata)).toEqual({ scope: "others", count: 2 });
  });

  test('"all" ends every session of the person, this one included, and logs once', async () => {
    const { person, stranger, tokens } = await personWithThreeSessions();
    const elevated = await stepUpWithPassword(person.token, person.password);

    expect(await revokeSessions(elevated, "all", testContext())).toBe(3);

    expect(await sessionIdsOf(person.userId)).toEqual([]);
    for (const token of [person.token, tokens.iphone, tokens.firefox]) expect(await findActiveSession(token)).toBeNull();
    expect(await findActiveSession(stranger.token)).not.toBeNull();
    const events = await revokedEvents(person.userId);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.metadata)).toEqual({ scope: "all", count: 3 });
  });
});

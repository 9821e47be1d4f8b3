// Notification preferences: the channel each person gets for each category (the one question
// every sender asks), the settings action that saves the matrix, and the one-click unsubscribe
// link from emails, which works signed out and for nothing but its own person and category.
/** @see issue 11, "Notifications" */
import { describe, expect, test } from "vitest";
import { unsubscribeAction } from "@/app/(auth)/unsubscribe/[token]/confirm/actions";
import { updateNotificationPreferencesAction } from "@/app/(settings)/settings/notifications/actions";
import { exportUserData } from "@/lib/account/export-data";
import { db } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { ALL_CELLS, CATEGORY_IDS, CHANNEL_IDS, type NotificationCategory, type NotificationCell } from "@/lib/notifications/categories";
import { createNotification } from "@/lib/notifications/in-app";
import { getDeliveryChannels } from "@/lib/notifications/preferences";
import { LOCKED_CELL_REFUSAL } from "@/lib/notifications/schemas";
import { INVALID_UNSUBSCRIBE_LINK, createUnsubscribeToken, unsubscribeWithToken } from "@/lib/notifications/unsubscribe-link";
import { createSignedInUser, createTestUser, mailsTo, stepUpWithPassword, testContext, uniqueEmail } from "../../fixtures/builders";

const APP_ORIGIN = "http://localhost:3000";

// Written out here rather than read from the code: what a person gets before choosing anything.
const EXPECTED_DEFAULTS: Record<NotificationCategory, string[]> = {
  security: ["email", "push", "webhook"],
  product_updates: [],
  purchases: ["email", "push", "webhook"],
  auto_top_up: ["email", "push", "webhook"],
  organization: ["email", "push", "webhook"],
  agent_checkpoints: ["email", "push", "webhook"],
};

function sameSite(): Headers {
  return new Headers({ origin: APP_ORIGIN, host: "localhost:3000", "x-forwarded-for": testContext().ipAddress! });
}

function matrixForm(cells: readonly string[]): FormData {
  const formData = new FormData();
  for (const cell of cells) formData.append("enabled", cell);
  return formData;
}

async function channelsByCategory(userId: string): Promise<Record<string, string[]>> {
  const entries = await Promise.all(CATEGORY_IDS.map(async (category) => [category, await getDeliveryChannels(userId, category)] as const));
  return Object.fromEntries(entries);
}

async function savedCells(userId: string): Promise<string[]> {
  return (await savedRows(userId)).filter((row) => row.enabled).map((row) => `${row.category}:${row.channel}`);
}

async function savedRows(userId: string) {
  return db.notificationPreference.findMany({ where: { userId }, orderBy: [{ category: "asc" }, { channel: "asc" }], select: { category: true, channel: true, enabled: true } });
}

describe("which channels a person gets", () => {
  test("before choosing anything: every category on every channel but product updates", async () => {
    const user = await createTestUser();
    expect(await channelsByCategory(user.userId)).toEqual(EXPECTED_DEFAULTS);
  });

  test("after saving the matrix, every category × channel follows what was saved, and security email stays on", async () => {
    const user = await createSignedInUser();
    // A pattern that differs from the defaults in both directions: every other cell on, the
    // locked one always sent as the page does.
    const chosen = ALL_CELLS.filter((_, index) => index % 2 === 1 || ALL_CELLS[index] === "security:email");

    const outcome = await updateNotificationPreferencesAction.run({ headers: sameSite(), session: user.session }, matrixForm(chosen));
    expect(outcome).toMatchObject({ ok: true, message: "Notification settings saved." });

    const expected: Record<string, string[]> = {};
    for (const category of CATEGORY_IDS) expected[category] = CHANNEL_IDS.filter((channel) => chosen.includes(`${category}:${channel}` as NotificationCell));
    expect(expected.security).toContain("email");
    expect(expected.product_updates).not.toEqual(EXPECTED_DEFAULTS.product_updates);
    expect(await channelsByCategory(user.userId)).toEqual(expected);

    // Turning everything off that can be turned off leaves exactly security email.
    await updateNotificationPreferencesAction.run({ headers: sameSite(), session: user.session }, matrixForm(["security:email"]));
    const allOff = await channelsByCategory(user.userId);
    expect(allOff).toEqual({ security: ["email"], product_updates: [], purchases: [], auto_top_up: [], organization: [], agent_checkpoints: [] });
  });

  test("the data download holds the person's switches and notifications", async () => {
    const user = await createSignedInUser();
    await updateNotificationPreferencesAction.run({ headers: sameSite(), session: user.session }, matrixForm(["security:email", "purchases:push"]));
    await createNotification({ userId: user.userId, category: "purchases", title: "Receipt", body: "Paid." });
    const data = await exportUserData(await stepUpWithPassword(user.token, user.password), testContext());
    expect(data.notifications).toMatchObject([{ category: "purchases", title: "Receipt", body: "Paid.", url: null, readAt: null }]);
    expect(Object.entries(data.notificationSettings).filter(([, on]) => on)).toEqual([
      ["security:email", true],
      ["purchases:push", true],
    ]);
  });

  test("two saves at once (two tabs) both answer, and the matrix is one of them", async () => {
    const user = await createSignedInUser();
    const first = ["security:email", "purchases:email"];
    const second = ["security:email", "auto_top_up:push"];
    const outcomes = await Promise.all([first, second].map((cells) => updateNotificationPreferencesAction.run({ headers: sameSite(), session: user.session }, matrixForm(cells))));
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true]);
    expect(await db.notificationPreference.count({ where: { userId: user.userId } })).toBe(17);
    expect([first, second].map((cells) => cells.filter((cell) => cell !== "security:email").sort())).toContainEqual((await savedCells(user.userId)).sort());
  });

  test("a stored 'off' for security email (written straight into the database) does not silence it", async () => {
    const user = await createTestUser();
    await db.notificationPreference.create({ data: { userId: user.userId, category: "security", channel: "email", enabled: false } });
    expect(await getDeliveryChannels(user.userId, "security")).toContain("email");
  });
});

describe("saving the matrix refuses bad input and changes nothing", () => {
  const cases: [string, string[], string][] = [
    ["security email left out (a forged form post)", ["purchases:email"], LOCKED_CELL_REFUSAL],
    ["a channel that does not exist", ["security:email", "purchases:sms"], "Choose switches from the notifications table."],
    ["a category that does not exist", ["security:email", "lottery:email"], "Choose switches from the notifications table."],
    ["a switch sent too many times", ["security:email", ...Array.from({ length: 40 }, () => "purchases:email")], "Choose at most 18 switches."],
  ];
  test.each(cases)("%s", async (_name, cells, message) => {
    const user = await createSignedInUser();
    await updateNotificationPreferencesAction.run({ headers: sameSite(), session: user.session }, matrixForm(["security:email", "product_updates:email"]));
    const before = await savedRows(user.userId);

    const outcome = await updateNotificationPreferencesAction.run({ headers: sameSite(), session: user.session }, matrixForm(cells));

    expect(outcome).toMatchObject({ ok: false, code: "INVALID_INPUT", message });
    expect(await savedRows(user.userId)).toEqual(before);
  });

  test("signed out: UNAUTHENTICATED, nothing saved", async () => {
    const user = await createTestUser();
    const outcome = await updateNotificationPreferencesAction.run({ headers: sameSite(), session: null }, matrixForm(["security:email"]));
    expect(outcome).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await savedRows(user.userId)).toEqual([]);
  });
});

describe("one-click unsubscribe links", () => {
  test("a link turns off its own category's email for its own person, signed out, and nothing else", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const token = createUnsubscribeToken(user.userId, "organization");

    const outcome = await unsubscribeAction.run({ headers: sameSite(), session: null }, matrixFormWithToken(token));

    expect(outcome).toMatchObject({ ok: true, message: "Unsubscribed: you will no longer get Organization activity emails." });
    expect(await getDeliveryChannels(user.userId, "organization")).toEqual(["push", "webhook"]);
    expect(await channelsByCategory(user.userId)).toEqual({ ...EXPECTED_DEFAULTS, organization: ["push", "webhook"] });
    expect(await channelsByCategory(other.userId)).toEqual(EXPECTED_DEFAULTS);
  });

  test("forged, altered, cut, for another category or another person, or for security: refused, nothing changes", async () => {
    const user = await createTestUser();
    const victim = await createTestUser();
    const valid = createUnsubscribeToken(user.userId, "purchases");
    const [userId, category, signature] = valid.split(".") as [string, string, string];
    const flipped = signature.slice(0, -2) + (signature.at(-2) === "A" ? "B" : "A") + signature.at(-1);
    const refused = [
      `${userId}.${category}.${"A".repeat(43)}`, // forged signature
      `${userId}.${category}.${flipped}`, // altered signature
      `${userId}.organization.${signature}`, // another category with this link's signature
      `${victim.userId}.${category}.${signature}`, // another person with this link's signature
      `${userId}.security.${signature}`, // security email cannot be turned off
      `${userId}.${category}`, // cut
      `${userId}.${category}.${signature}.extra`,
      "%00",
    ];
    for (const token of refused) {
      const outcome = await unsubscribeAction.run({ headers: sameSite(), session: null }, matrixFormWithToken(token));
      expect(outcome, token).toMatchObject({ ok: false, code: "INVALID_INPUT", message: INVALID_UNSUBSCRIBE_LINK });
      await expect(unsubscribeWithToken(token)).rejects.toMatchObject({ code: "INVALID_INPUT", message: INVALID_UNSUBSCRIBE_LINK });
    }
    expect(await savedRows(user.userId)).toEqual([]);
    expect(await savedRows(victim.userId)).toEqual([]);
  });

  test("a link of a deleted account changes nothing and says so", async () => {
    const user = await createTestUser();
    const token = createUnsubscribeToken(user.userId, "purchases");
    await db.user.delete({ where: { id: user.userId } });
    await expect(unsubscribeWithToken(token)).rejects.toMatchObject({ code: "INVALID_INPUT", message: INVALID_UNSUBSCRIBE_LINK });
    expect(await db.notificationPreference.count({ where: { userId: user.userId } })).toBe(0);
  });
});

describe("the email path", () => {
  const orgEmail = (to: string) => emails.memberRoleChanged(to, { orgName: "Acme", roleName: "Admin" });

  test("a non-security email carries the one-click headers with this person's link for its category; a security alert carries none", async () => {
    const user = await createTestUser();
    await sendEmail(orgEmail(user.email));
    await sendEmail(emails.passwordChanged(user.email));

    const [organizationMail, securityMail] = await mailsTo(user.email).then((mails) => [
      mails.find((mail) => mail.subject === "Your role in Acme changed")!,
      mails.find((mail) => mail.subject === "Your password was changed")!,
    ]);
    const headers = JSON.parse(organizationMail.headers) as Record<string, string>;
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const link = /^<(https?:\/\/[^>]+)>$/.exec(headers["List-Unsubscribe"]!)?.[1];
    expect(link).toBe(`${process.env.APP_URL}/unsubscribe/${createUnsubscribeToken(user.userId, "organization")}`);
    expect(JSON.parse(securityMail.headers)).toEqual({});
  });

  test("once a category's email is off, its mail is not sent, and security alerts still are", async () => {
    const user = await createTestUser();
    await unsubscribeWithToken(createUnsubscribeToken(user.userId, "organization"));

    await sendEmail(orgEmail(user.email));
    await sendEmail(emails.passwordChanged(user.email));

    expect((await mailsTo(user.email)).map((mail) => mail.subject)).not.toContain("Your role in Acme changed");
    expect((await mailsTo(user.email)).map((mail) => mail.subject)).toContain("Your password was changed");
  });

  test("an invitation to an address without an account goes out, without headers (no preferences to change)", async () => {
    const to = uniqueEmail("invitee");
    await sendEmail(emails.invitation(to, { orgName: "Acme", inviterName: "Ada", roleName: "Member", url: `${process.env.APP_URL}/invitations/x`, expiresAt: new Date() }));
    const [mail] = await mailsTo(to);
    expect(JSON.parse(mail!.headers)).toEqual({});
  });
});

function matrixFormWithToken(token: string): FormData {
  const formData = new FormData();
  formData.append("token", token);
  return formData;
}

// POST /api/v1/notifications and organization activity (issue 11): a member's notification lands
// in their bell and in their mail only when they left that email on; an Idempotency-Key makes a
// retry answer with the first notification; nobody outside the key's organization can be
// reached or read about (T-area IDOR); organization events reach the members who manage them.
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { runDueJobs } from "@/lib/jobs/worker";
import { CATEGORY_IDS } from "@/lib/notifications/categories";
import { deleteExpiredIdempotencyKeys } from "@/lib/notifications/send-notification";
import { advanceClock } from "../../fixtures/clock";
import { organizationState } from "../organizations/members-builders";
import { callApi, issueKey, organizationWithKey } from "./api-builders";

const HOUR = 60 * 60 * 1000;

function notificationTo(recipient: { email: string } | { userId: string }, overrides: Record<string, unknown> = {}) {
  return { recipient, category: "purchases", title: "Your receipt for order 1042", body: "We received your payment of €20.00.", url: "/settings/profile", ...overrides };
}

async function send(key: string, body: unknown, idempotencyKey?: string) {
  return callApi("/notifications", { key, method: "POST", body, headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {} });
}

/** GET /notifications/{id} once the queued deliveries have run. */
async function settled(key: string, id: string) {
  await runDueJobs();
  const response = await callApi(`/notifications/${id}`, { key });
  expect(response.status).toBe(200);
  return response.json();
}

test("routed by the recipient's choices: email on → in the bell and the outbox; email off → in the bell, email skipped", async () => {
  const { key, people } = await organizationWithKey(["owner", "developer", "member"]);
  const [, developer, member] = people;
  await db.notificationPreference.create({ data: { userId: member!.userId, category: "purchases", channel: "email", enabled: false } });

  const toDeveloper = await send(key, notificationTo({ email: developer!.email.toUpperCase() }));
  expect(toDeveloper.status).toBe(202);
  const accepted = await toDeveloper.json();
  expect(accepted).toMatchObject({
    recipient: { userId: developer!.userId },
    category: "purchases",
    channels: { inApp: "delivered", push: "not_configured", webhook: "not_configured" },
  });
  expect(await settled(key, accepted.id)).toMatchObject({ channels: { inApp: "delivered", email: "sent", push: "not_configured", webhook: "not_configured" } });
  const mail = await db.outboxMessage.findFirstOrThrow({ where: { recipient: developer!.email, subject: "Your receipt for order 1042" } });
  expect(mail.textBody).toContain("We received your payment of €20.00.");
  expect(JSON.parse(mail.headers)).toHaveProperty("List-Unsubscribe");
  expect(await db.notification.findUniqueOrThrow({ where: { id: accepted.id }, select: { userId: true, readAt: true } })).toEqual({ userId: developer!.userId, readAt: null });

  const toMember = await (await send(key, notificationTo({ userId: member!.userId }))).json();
  // Email off: skipped. Push and webhook stay on by default and say Latchkey cannot deliver there yet.
  expect(await settled(key, toMember.id)).toMatchObject({ channels: { inApp: "delivered", email: "skipped", push: "not_configured", webhook: "not_configured" } });
  expect(await db.outboxMessage.count({ where: { recipient: member!.email } })).toBe(0);
  expect(await db.notification.count({ where: { userId: member!.userId, title: "Your receipt for order 1042" } })).toBe(1);
});

test("Idempotency-Key: a retry gets the same notification and no second delivery; a different request under the key is refused; after 24 h the key is free", async () => {
  const { key, org, people } = await organizationWithKey(["owner", "admin"]);
  const admin = people[1]!;
  const body = notificationTo({ userId: admin.userId });
  const first = await (await send(key, body, "order-1042")).json();
  const retry = await send(key, body, "order-1042");
  expect(retry.status).toBe(202);
  expect((await retry.json()).id).toBe(first.id);
  await runDueJobs();
  expect(await db.notification.count({ where: { userId: admin.userId, orgId: org.id } })).toBe(1);
  expect(await db.outboxMessage.count({ where: { recipient: admin.email, subject: body.title } })).toBe(1);

  // The same request twice at once, as a client retrying on a timeout: one notification.
  const racing = await Promise.all([send(key, body, "order-1043"), send(key, body, "order-1043")]);
  expect(racing.map((response) => response.status)).toEqual([202, 202]);
  const [one, two] = await Promise.all(racing.map((response) => response.json()));
  expect(one.id).toBe(two.id);

  const changed = await send(key, { ...body, title: "Another receipt" }, "order-1042");
  expect(changed.status).toBe(422);
  expect((await changed.json()).errors).toHaveProperty("Idempotency-Key");
  // Another organization's same key is its own.
  const other = await organizationWithKey(["owner"]);
  expect((await send(other.key, notificationTo({ userId: other.people[0]!.userId }), "order-1042")).status).toBe(202);

  advanceClock(24 * HOUR);
  advanceClock(1000);
  // The hourly housekeeping deletes keys past their window, and only those.
  await send(key, notificationTo({ userId: admin.userId }, { title: "Fresh" }), "order-1044");
  await deleteExpiredIdempotencyKeys();
  expect((await db.notificationIdempotencyKey.findMany({ where: { orgId: org.id }, select: { key: true } })).map((row) => row.key)).toEqual(["order-1044"]);
  const later = await send(key, { ...body, title: "Another receipt" }, "order-1042");
  expect(later.status).toBe(202);
  expect((await later.json()).id).not.toBe(first.id);
  expect((await send(key, body, "x".repeat(256))).status).toBe(422);
});

test("IDOR: another organization's member, an unknown address or id → the same 404, nothing sent; another organization's notification → 404", async () => {
  const mine = await organizationWithKey(["owner", "member"]);
  const theirs = await organizationWithKey(["owner", "member"]);
  const outsider = theirs.people[1]!;
  const answers = [];
  for (const recipient of [{ email: outsider.email }, { userId: outsider.userId }, { email: "nobody-at-all@example.com" }, { userId: "cmissing00000000000000009" }]) {
    const response = await send(mine.key, notificationTo(recipient));
    expect(response.status).toBe(404);
    answers.push(await response.json());
  }
  expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  expect(await db.notification.count({ where: { userId: outsider.userId } })).toBe(0);
  expect(await db.outboxMessage.count({ where: { recipient: outsider.email } })).toBe(0);

  const theirNotification = await (await send(theirs.key, notificationTo({ userId: outsider.userId }))).json();
  const foreign = await callApi(`/notifications/${theirNotification.id}`, { key: mine.key });
  const absent = await callApi("/notifications/cmissing00000000000000008", { key: mine.key });
  expect(foreign.status).toBe(404);
  expect(await foreign.json()).toEqual(await absent.json());
  // A Latchkey notification of one of their own members is not the key's to read either.
  const own = await db.notification.create({ data: { userId: mine.people[1]!.userId, category: "security", title: "New sign-in", body: "From Firefox." } });
  expect((await callApi(`/notifications/${own.id}`, { key: mine.key })).status).toBe(404);
});

test("a read-only key is refused (403) before the body is read; bad input is a 4xx problem, never a 500", async () => {
  const { key, org, people } = await organizationWithKey(["owner", "member"]);
  const readKey = await issueKey(people[0]!, org.id, { access: "read" });
  const refused = await callApi("/notifications", { key: readKey.key, method: "POST", rawBody: "{not json", headers: { "content-type": "application/json" } });
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ detail: "This key is read-only." });

  const recipient = { userId: people[1]!.userId };
  const before = await organizationState(org.id);
  for (const [body, field] of [
    [notificationTo(recipient, { category: "spam" }), "category"],
    [notificationTo(recipient, { title: "" }), "title"],
    [notificationTo(recipient, { title: "Line\r\nBcc: x@example.com" }), "title"],
    [notificationTo(recipient, { body: "x".repeat(2001) }), "body"],
    [notificationTo(recipient, { url: "javascript:alert(1)" }), "url"],
    [notificationTo(recipient, { url: "http://shop.example.com" }), "url"],
    [notificationTo(recipient, { url: "//evil.example" }), "url"],
    [notificationTo({ email: "not an address" }), "recipient.email"],
    [notificationTo({ email: "a@example.com", userId: people[1]!.userId } as never), "recipient"],
    [notificationTo({ userId: "a\u0000b" }), "recipient.userId"],
    [{ ...notificationTo(recipient), orgId: "someone-else" }, "orgId"],
  ] as const) {
    const response = await send(key, body);
    expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(422);
    const errors = Object.keys((await response.json()).errors);
    expect(
      errors.some((name) => name === field || name.startsWith(`${field}.`) || field.startsWith(name)),
      `${field} in ${errors}`,
    ).toBe(true);
  }
  expect((await callApi("/notifications", { key, method: "POST", rawBody: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
  expect((await callApi("/notifications/%00", { key })).status).toBe(422);
  expect(await organizationState(org.id)).toEqual(before);
  expect(await db.notification.count({ where: { orgId: org.id } })).toBe(0);
});

test("organization events reach the bells of the members who manage them, not the actor's and not others'", async () => {
  const { key, org, people } = await organizationWithKey(["owner", "admin", "developer", "member", "member"]);
  const [owner, admin, developer, member, manager] = people;
  const role = await db.role.create({ data: { orgId: org.id, name: "Member managers", permissions: "members.manage" } });
  await db.membership.update({ where: { id: manager!.membershipId! }, data: { role: role.id } });
  const bells = async () => {
    const rows = await db.notification.findMany({
      where: { category: "organization", userId: { in: people.map((person) => person.userId) } },
      select: { userId: true, title: true, body: true },
    });
    return (userId: string) => rows.filter((row) => row.userId === userId);
  };
  await db.notification.deleteMany({ where: { userId: { in: people.map((person) => person.userId) } } });

  expect((await callApi("/invitations", { key, method: "POST", body: { email: "grace@example.com", role: "developer" } })).status).toBe(201);
  expect((await callApi(`/members/${member!.membershipId}`, { key, method: "PATCH", body: { role: "developer" } })).status).toBe(200);
  const created = await callApi("/api-keys", { key, method: "POST", body: { description: "Billing sync", environment: "live", access: "read", expires: "30d" } });
  expect(created.status).toBe(201);

  const of = await bells();
  expect(
    of(admin!.userId)
      .map((row) => row.title)
      .sort(),
  ).toEqual(["API key created", "Invitation sent", "Role changed"]);
  expect(of(admin!.userId).find((row) => row.title === "Invitation sent")!.body).toContain("grace@example.com");
  expect(
    of(manager!.userId)
      .map((row) => row.title)
      .sort(),
  ).toEqual(["Invitation sent", "Role changed"]);
  expect(of(owner!.userId)).toEqual([]);
  expect(of(developer!.userId)).toEqual([]);
  expect(of(member!.userId)).toEqual([]);
});

test("organization events reach the browsers and webhook endpoints of the members who manage them, by their switches; their email is the event's own", async () => {
  const { key, people } = await organizationWithKey(["owner", "admin", "admin", "admin"]);
  const [, withBoth, webhookOff, withNothing] = people;
  for (const person of [withBoth!, webhookOff!]) {
    await db.pushSubscription.create({ data: { id: `push-${person.userId}`, userId: person.userId, endpoint: `https://push.example/${person.userId}`, keys: "sealed" } });
    await db.webhookEndpoint.create({
      data: { id: `hook-${person.userId}`, userId: person.userId, url: "https://hooks.example/in", categories: JSON.stringify(["organization"]), secretCiphertext: "sealed" },
    });
  }
  await db.notificationPreference.create({ data: { userId: webhookOff!.userId, category: "organization", channel: "webhook", enabled: false } });

  expect((await callApi("/invitations", { key, method: "POST", body: { email: "ada@example.com", role: "developer" } })).status).toBe(201);

  const notificationOf = (userId: string) =>
    db.notification.findFirstOrThrow({ where: { userId, title: "Invitation sent" }, select: { id: true, deliveries: { select: { channel: true, state: true } } } });
  const states = async (userId: string) => Object.fromEntries((await notificationOf(userId)).deliveries.map((delivery) => [delivery.channel, delivery.state]));
  expect(await states(withBoth!.userId)).toEqual({ email: "skipped", push: "pending", webhook: "pending" });
  expect(await states(webhookOff!.userId)).toEqual({ email: "skipped", push: "pending", webhook: "skipped" });
  expect(await states(withNothing!.userId)).toEqual({});
  const both = await notificationOf(withBoth!.userId);
  expect(await db.job.count({ where: { kind: "push.send", payload: { contains: both.id } } })).toBe(1);
  expect(await db.webhookDelivery.findMany({ where: { notificationId: both.id }, select: { endpointId: true, type: true } })).toEqual([
    { endpointId: `hook-${withBoth!.userId}`, type: "notification.organization" },
  ]);
  expect(await db.webhookDelivery.count({ where: { endpointId: `hook-${webhookOff!.userId}` } })).toBe(0);
  // The invitation's own mail is what reaches them by email: no second copy is queued.
  expect(await db.job.count({ where: { kind: "notification.email", payload: { contains: both.id } } })).toBe(0);
  // Nothing here may be sent (example.com addresses are not the tests' to reach), nor left for other files' runDueJobs.
  const queued = await db.notification.findMany({ where: { userId: { in: [withBoth!.userId, webhookOff!.userId] } }, select: { id: true } });
  await db.job.deleteMany({
    where: { OR: [{ serialKey: { in: [`hook-${withBoth!.userId}`, `hook-${webhookOff!.userId}`] } }, ...queued.map(({ id }) => ({ payload: { contains: id } }))] },
  });
  await db.webhookEndpoint.deleteMany({ where: { userId: { in: [withBoth!.userId, webhookOff!.userId] } } });
  await db.pushSubscription.deleteMany({ where: { userId: { in: [withBoth!.userId, webhookOff!.userId] } } });
});

test("routing by the recipient's switches, for every category × channel: each channel on is queued, each off is skipped", async () => {
  const { key, people } = await organizationWithKey(["owner", "member"]);
  const member = people[1]!;
  await db.pushSubscription.create({ data: { id: `push-${member.userId}`, userId: member.userId, endpoint: `https://push.example/${member.userId}`, keys: "sealed" } });
  await db.webhookEndpoint.create({
    data: { id: `hook-${member.userId}`, userId: member.userId, url: "https://hooks.example/in", categories: JSON.stringify(CATEGORY_IDS), secretCiphertext: "sealed" },
  });
  // Each category gets another combination of the three switches (security email stays on whatever is stored).
  const combinations = [
    [true, true, true],
    [false, true, false],
    [true, false, true],
    [false, false, false],
    [true, true, false],
    [false, false, true],
  ];
  const expected: Record<string, Record<string, string>> = {};
  for (const [index, category] of CATEGORY_IDS.entries()) {
    const [email, push, webhook] = combinations[index % combinations.length]!;
    await db.notificationPreference.createMany({
      data: (
        [
          ["email", email],
          ["push", push],
          ["webhook", webhook],
        ] as const
      ).map(([channel, enabled]) => ({ userId: member.userId, category, channel, enabled })),
    });
    const state = (on: boolean | undefined) => (on ? "pending" : "skipped");
    expected[category] = { inApp: "delivered", email: state(category === "security" || email), push: state(push), webhook: state(webhook) };
  }
  const ids: string[] = [];
  for (const category of CATEGORY_IDS) {
    const response = await send(key, notificationTo({ userId: member.userId }, { category, title: `About ${category}` }));
    expect(response.status, category).toBe(202);
    const answer = await response.json();
    ids.push(answer.id);
    expect({ category, channels: answer.channels }).toEqual({ category, channels: expected[category] });
    // What the answer says is what was queued.
    expect(await db.job.count({ where: { kind: "notification.email", payload: { contains: answer.id } } }), category).toBe(expected[category]!.email === "pending" ? 1 : 0);
    expect(await db.job.count({ where: { kind: "push.send", payload: { contains: answer.id } } }), category).toBe(expected[category]!.push === "pending" ? 1 : 0);
    expect(await db.webhookDelivery.count({ where: { notificationId: answer.id } }), category).toBe(expected[category]!.webhook === "pending" ? 1 : 0);
  }
  // Nothing here may be sent (example addresses are not the tests' to reach), nor left for other files' runDueJobs.
  await db.job.deleteMany({ where: { OR: [{ serialKey: `hook-${member.userId}` }, ...ids.map((id) => ({ payload: { contains: id } }))] } });
  await db.webhookEndpoint.deleteMany({ where: { userId: member.userId } });
  await db.pushSubscription.deleteMany({ where: { userId: member.userId } });
});

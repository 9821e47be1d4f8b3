// Security alerts beyond email (issue 11, "Security alerts" row of the matrix): an alert's email
// always goes out, and its copy reaches the person's bell, and their browsers and webhook
// endpoints when they left those switches on. Mail that carries a link (verify, reset) is not
// an alert: its link never leaves the mailbox.
/** @see issue 11, "What a user gets" */
import { expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { emails } from "@/lib/email/templates";
import { createTestUser } from "../../fixtures/builders";

async function personWithDeviceAndEndpoint() {
  const user = await createTestUser();
  await db.pushSubscription.create({ data: { id: `push-${user.userId}`, userId: user.userId, endpoint: `https://push.example/${user.userId}`, keys: "sealed" } });
  await db.webhookEndpoint.create({
    data: { id: `hook-${user.userId}`, userId: user.userId, url: "https://hooks.example/in", categories: JSON.stringify(["security"]), secretCiphertext: "sealed" },
  });
  return user;
}

/** Nothing here may be sent (example addresses are not the tests' to reach), nor left for other files' runDueJobs. */
async function forget(userId: string) {
  const notifications = await db.notification.findMany({ where: { userId }, select: { id: true } });
  await db.job.deleteMany({ where: { OR: [{ serialKey: `hook-${userId}` }, ...notifications.map(({ id }) => ({ payload: { contains: id } }))] } });
  await db.webhookEndpoint.deleteMany({ where: { userId } });
  await db.pushSubscription.deleteMany({ where: { userId } });
}

test("a security alert is mailed, put in the bell, and queued for the person's browsers and webhook endpoints", async () => {
  const user = await personWithDeviceAndEndpoint();
  await db.notification.deleteMany({ where: { userId: user.userId } });
  expect(await sendEmail(emails.twoFactorDisabled(user.email))).toBe("sent");

  const [notification] = await db.notification.findMany({
    where: { userId: user.userId },
    select: { id: true, category: true, title: true, body: true, url: true, deliveries: { select: { channel: true, state: true } } },
  });
  expect(notification).toMatchObject({ category: "security", title: "Two-factor authentication is off", url: "/settings/security" });
  expect(Object.fromEntries(notification!.deliveries.map((delivery) => [delivery.channel, delivery.state]))).toEqual({ email: "skipped", push: "pending", webhook: "pending" });
  expect(await db.job.count({ where: { kind: "push.send", payload: { contains: notification!.id } } })).toBe(1);
  const [delivery] = await db.webhookDelivery.findMany({ where: { notificationId: notification!.id }, select: { type: true, payload: true } });
  expect(delivery!.type).toBe("notification.security");
  expect(JSON.parse(delivery!.payload)).toMatchObject({ type: "notification.security", text: expect.stringContaining("Two-factor authentication is off") });
  expect(await db.outboxMessage.count({ where: { recipient: user.email, subject: "Two-factor authentication is off" } })).toBe(1);
  await forget(user.userId);
});

test("with push and webhook turned off for security alerts, only the bell and the email get it", async () => {
  const user = await personWithDeviceAndEndpoint();
  await db.notificationPreference.createMany({
    data: [
      { userId: user.userId, category: "security", channel: "push", enabled: false },
      { userId: user.userId, category: "security", channel: "webhook", enabled: false },
    ],
  });
  await sendEmail(emails.passwordChanged(user.email));
  const notification = await db.notification.findFirstOrThrow({ where: { userId: user.userId, title: "Your password was changed" }, select: { id: true } });
  expect(await db.notificationDelivery.count({ where: { notificationId: notification.id } })).toBe(0);
  expect(await db.webhookDelivery.count({ where: { endpointId: `hook-${user.userId}` } })).toBe(0);
  await forget(user.userId);
});

test("mail with a link (verify the address, reset the password) is not an alert: no bell, no push, no webhook carries the link", async () => {
  const user = await personWithDeviceAndEndpoint();
  await db.notification.deleteMany({ where: { userId: user.userId } });
  await sendEmail(emails.passwordReset(user.email, "http://localhost:3000/reset-password?token=secret-reset-token"));
  await sendEmail(emails.verifyEmail(user.email, "http://localhost:3000/verify-email?token=secret-verify-token"));
  expect(await db.notification.count({ where: { userId: user.userId } })).toBe(0);
  expect(await db.webhookDelivery.count({ where: { endpointId: `hook-${user.userId}` } })).toBe(0);
  await forget(user.userId);
});

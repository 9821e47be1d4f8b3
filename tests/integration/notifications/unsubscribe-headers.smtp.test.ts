// The unsubscribe headers as a mailbox provider receives them: through a real SMTP server
// (SMTP_URL) on loopback. The configuration is read once per module graph, so the modules are
// imported fresh after SMTP_URL is set.
/** @see issue 11, "Notifications" */
import { expect, test } from "vitest";
import { useSmtpSink } from "../../setup/smtp-sink";

const smtp = useSmtpSink();

test("an organization email arrives with RFC 8058 headers whose link turns that email off; a security alert arrives without them", async () => {
  const { sendEmail } = await import("@/lib/email/send-email");
  const { emails } = await import("@/lib/email/templates");
  const { getDeliveryChannels } = await import("@/lib/notifications/preferences");
  const { unsubscribeWithToken } = await import("@/lib/notifications/unsubscribe-link");
  const { createTestUser } = await import("../../fixtures/builders");
  const user = await createTestUser();
  const before = smtp.sink.messages.length;

  await sendEmail(emails.memberRemoved(user.email, { orgName: "Acme" }));
  await sendEmail(emails.twoFactorDisabled(user.email));
  const [organizationMail, securityMail] = (await smtp.sink.waitFor(before + 2)).slice(before);

  expect(organizationMail!.headers.subject).toBe("You were removed from Acme");
  expect(organizationMail!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  const link = /^<(https?:\/\/[^>]+)>$/.exec(organizationMail!.headers["list-unsubscribe"] ?? "")?.[1];
  expect(link?.startsWith(`${process.env.APP_URL}/unsubscribe/${user.userId}.organization.`)).toBe(true);
  expect(securityMail!.headers.subject).toBe("Two-factor authentication is off");
  expect(securityMail!.headers["list-unsubscribe"]).toBeUndefined();
  expect(securityMail!.headers["list-unsubscribe-post"]).toBeUndefined();

  // The recipient's link, as received, turns organization email off and nothing else.
  await unsubscribeWithToken(new URL(link!).pathname.split("/").at(-1)!);
  expect(await getDeliveryChannels(user.userId, "organization")).toEqual(["push", "webhook"]);
  expect(await getDeliveryChannels(user.userId, "security")).toEqual(["email", "push", "webhook"]);

  // And the next organization email is not sent at all.
  await sendEmail(emails.memberRemoved(user.email, { orgName: "Beta" }));
  await sendEmail(emails.passwordChanged(user.email));
  const [next] = (await smtp.sink.waitFor(before + 3)).slice(before + 2);
  expect(next!.headers.subject).toBe("Your password was changed");
});

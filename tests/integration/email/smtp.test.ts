// Mail through a real SMTP server (SMTP_URL): a loopback sink receives what nodemailer
// sends. The configuration is read once per module graph, so the modules are imported fresh
// after SMTP_URL is set.
import { beforeAll, describe, expect, test, vi } from "vitest";
import { startSmtpSink, useSmtpSink } from "../../setup/smtp-sink";

const smtp = useSmtpSink();

type Modules = {
  sendEmail: typeof import("@/lib/email/send-email").sendEmail;
  sendNotice: typeof import("@/lib/email/send-email").sendNotice;
  emails: typeof import("@/lib/email/templates").emails;
  appLink: typeof import("@/lib/email/templates").appLink;
  getConfig: typeof import("@/lib/config/env").getConfig;
  requestPasswordReset: typeof import("@/lib/account/reset-password").requestPasswordReset;
  resetPassword: typeof import("@/lib/account/reset-password").resetPassword;
  builders: typeof import("../../fixtures/builders");
  db: typeof import("@/lib/db/client").db;
};

let modules: Modules;

beforeAll(async () => {
  const [sendEmailModule, templates, env, reset, builders, client] = await Promise.all([
    import("@/lib/email/send-email"),
    import("@/lib/email/templates"),
    import("@/lib/config/env"),
    import("@/lib/account/reset-password"),
    import("../../fixtures/builders"),
    import("@/lib/db/client"),
  ]);
  modules = {
    sendEmail: sendEmailModule.sendEmail,
    sendNotice: sendEmailModule.sendNotice,
    emails: templates.emails,
    appLink: templates.appLink,
    getConfig: env.getConfig,
    requestPasswordReset: reset.requestPasswordReset,
    resetPassword: reset.resetPassword,
    builders,
    db: client.db,
  };
});

function received(recipient: string) {
  return smtp.sink.messages.filter((message) => message.envelope.to.includes(recipient));
}

describe("sending through SMTP_URL", () => {
  test("a templated email arrives with a text and an HTML part, for the right recipient, with an APP_URL link", async () => {
    const { sendEmail, emails, appLink, getConfig, db, builders } = modules;
    expect(getConfig().SMTP_URL).toBe(smtp.sink.url);
    const to = builders.uniqueEmail("smtp");
    const before = smtp.sink.messages.length;

    await sendEmail(emails.passwordReset(to, appLink("/reset-password/abc_DEF-123")));

    const [mail] = (await smtp.sink.waitFor(before + 1)).slice(before);
    expect(mail!.envelope.to).toEqual([to]);
    expect(mail!.headers.to).toBe(to);
    expect(mail!.headers.subject).toBe("Reset your password");
    expect(mail!.headers.from).toBe(getConfig().MAIL_FROM);
    expect(mail!.headers["content-type"]).toMatch(/^multipart\/alternative/);
    const text = mail!.parts.find((part) => part.contentType === "text/plain");
    const html = mail!.parts.find((part) => part.contentType === "text/html");
    expect(text?.body).toContain("Reset password: http://localhost:3000/reset-password/abc_DEF-123");
    expect(html?.body).toContain('<a href="http://localhost:3000/reset-password/abc_DEF-123"');
    // Every link in either part is built from APP_URL.
    const links = [...`${text!.body}\n${html!.body}`.matchAll(/https?:\/\/[^\s"<>]+/g)].map((match) => match[0]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${process.env.APP_URL}/`)).toBe(true);
    // With SMTP configured the outbox keeps nothing.
    expect(await db.outboxMessage.count({ where: { recipient: to } })).toBe(0);
  });

  test("user input in a template is escaped in the HTML part", async () => {
    const { sendEmail, emails, builders } = modules;
    const to = builders.uniqueEmail("smtp");
    const before = smtp.sink.messages.length;
    await sendEmail(emails.emailChangeRequested(to, '<script>alert("x")</script>@evil.test'));
    const mail = (await smtp.sink.waitFor(before + 1)).at(-1)!;
    const html = mail.parts.find((part) => part.contentType === "text/html")!.body;
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;");
    expect(received(to)).toHaveLength(1);
  });

  test("a password reset requested through the domain function arrives by SMTP and its link works", async () => {
    const { requestPasswordReset, resetPassword, builders, db } = modules;
    const user = await builders.createTestUser();

    await requestPasswordReset(user.email, builders.testContext());

    await expect.poll(() => received(user.email).filter((mail) => mail.headers.subject === "Reset your password").length).toBe(1);
    const mail = received(user.email).find((message) => message.headers.subject === "Reset your password")!;
    const token = builders.linkTokenIn(mail.parts.find((part) => part.contentType === "text/plain")!.body, "/reset-password");
    await resetPassword(token, "Smtp-Delivered-Pass-4", builders.testContext());
    await expect.poll(() => received(user.email).filter((message) => message.headers.subject === "Your password was reset").length).toBe(1);
    expect(await db.outboxMessage.count({ where: { recipient: user.email } })).toBe(0);
  });
});

describe("when the SMTP server does not answer", () => {
  test("sendEmail fails, sendNotice logs and carries on", async () => {
    const deadSink = await startSmtpSink();
    const deadUrl = deadSink.url;
    await deadSink.close();
    process.env.SMTP_URL = deadUrl;
    vi.resetModules();
    const { sendEmail, sendNotice } = await import("@/lib/email/send-email");
    const { emails } = await import("@/lib/email/templates");
    const { logger } = await import("@/lib/operations/logger.mjs");
    const errors = vi.spyOn(logger, "error").mockImplementation(() => {});
    try {
      await expect(sendEmail(emails.passwordChanged("nobody@example.test"))).rejects.toThrow();
      await expect(sendNotice(emails.passwordChanged("nobody@example.test"))).resolves.toBeUndefined();
      expect(errors).toHaveBeenCalledWith(expect.objectContaining({ subject: "Your password was changed" }), "could not send mail");
    } finally {
      errors.mockRestore();
      process.env.SMTP_URL = smtp.sink.url;
    }
  });
});

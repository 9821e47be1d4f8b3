import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { getConfig } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { errorFields, logger, maskEmail } from "@/lib/operations/logger.mjs";
import { metrics } from "@/lib/operations/metrics.mjs";
import { onShutdown } from "@/lib/operations/shutdown.mjs";
import type { NotificationCategory } from "@/lib/notifications/categories";
import { emailHeadersFor } from "@/lib/notifications/email-headers";
import { notifySecurityAlert, type SecurityAlert } from "@/lib/notifications/security-alerts";

/**
 * `category` decides whether the person still wants it and whether it carries an unsubscribe
 * link; `alert` (security alerts) is what the person's other channels receive of it.
 */
export type Email = { to: string; subject: string; text: string; html: string; category: NotificationCategory; alert?: SecurityAlert };

let transport: Transporter | undefined;

/**
 * Sends through SMTP_URL, or keeps the message in the built-in outbox (/outbox) when no
 * SMTP server is configured. Call it after the change it reports has committed. "skipped" when
 * the person turned this category's email off.
 */
export async function sendEmail(email: Email): Promise<"sent" | "skipped"> {
  const config = getConfig();
  if (email.alert) await notifySecurityAlert(email.to, email.alert);
  const headers = await emailHeadersFor(email.to, email.category);
  if (headers === null) {
    logger.info({ subject: email.subject, to: maskEmail(email.to), category: email.category }, "mail not sent: the person turned this email off");
    return "skipped";
  }
  logger.info({ subject: email.subject, to: maskEmail(email.to), via: config.SMTP_URL ? "smtp" : "outbox" }, "mail");
  if (!config.SMTP_URL) {
    await db.outboxMessage.create({
      data: { recipient: email.to, subject: email.subject, textBody: email.text, htmlBody: email.html, headers: JSON.stringify(headers) },
    });
    metrics.emails.inc({ result: "sent" });
    return "sent";
  }
  transport ??= nodemailer.createTransport(config.SMTP_URL);
  await transport.sendMail({ from: config.MAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html, headers });
  metrics.emails.inc({ result: "sent" });
  return "sent";
}

/** For notices whose failure must not undo what already happened: logged, not thrown. */
export async function sendNotice(email: Email): Promise<void> {
  try {
    await sendEmail(email);
  } catch (error) {
    metrics.emails.inc({ result: "failed" });
    logger.error({ subject: email.subject, ...errorFields(error) }, "could not send mail");
  }
}

// On globalThis: every bundle's mail is waited for before the process exits (scripts/server.mjs).
const IN_BACKGROUND = Symbol.for("latchkey.mailInBackground");
const sendingInBackground: Set<Promise<void>> = ((globalThis as Record<symbol, Set<Promise<void>> | undefined>)[IN_BACKGROUND] ??= new Set());

/**
 * Prepares and hands over a mail without making the caller wait, for answers that must take
 * the same time whether or not a mail goes out: `prepare` (e.g. issuing the link's token)
 * runs in the background too, so neither that work nor the mail server's pace shows in the
 * answer. Failures are logged, like sendNotice.
 */
export function sendInBackground(prepare: () => Promise<Email>): void {
  const sending: Promise<void> = prepare()
    .then(sendNotice, (error: unknown) => {
      metrics.emails.inc({ result: "failed" });
      logger.error(errorFields(error), "could not prepare mail");
    })
    .finally(() => sendingInBackground.delete(sending));
  sendingInBackground.add(sending);
}

/** Resolves once every mail handed to sendInBackground so far was handed over or failed. */
export async function backgroundMailSent(): Promise<void> {
  await Promise.all(sendingInBackground);
}

onShutdown("flush", "mail sent in the background", backgroundMailSent);

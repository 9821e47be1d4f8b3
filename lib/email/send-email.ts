import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { getConfig } from "@/lib/config/env";
import { db } from "@/lib/db/client";

export type Email = { to: string; subject: string; text: string; html: string };

let transport: Transporter | undefined;

/** Line breaks and control characters from user input never reach the log as such. */
function forLog(value: string): string {
  return JSON.stringify(value);
}

/**
 * Sends through SMTP_URL, or keeps the message in the built-in outbox (/outbox) when no
 * SMTP server is configured. Call it after the change it reports has committed.
 */
export async function sendEmail(email: Email): Promise<void> {
  const config = getConfig();
  console.info(`latchkey: mail ${forLog(email.subject)} to ${forLog(email.to)}${config.SMTP_URL ? "" : " (outbox)"}`);
  if (!config.SMTP_URL) {
    await db.outboxMessage.create({ data: { recipient: email.to, subject: email.subject, textBody: email.text, htmlBody: email.html } });
    return;
  }
  transport ??= nodemailer.createTransport(config.SMTP_URL);
  await transport.sendMail({ from: config.MAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html });
}

/** For notices whose failure must not undo what already happened: logged, not thrown. */
export async function sendNotice(email: Email): Promise<void> {
  try {
    await sendEmail(email);
  } catch (error) {
    console.error(`latchkey: could not send mail ${forLog(email.subject)}: ${error instanceof Error ? error.message : "unknown error"}`);
  }
}

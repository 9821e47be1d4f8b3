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

const sendingInBackground = new Set<Promise<void>>();

/**
 * Prepares and hands over a mail without making the caller wait, for answers that must take
 * the same time whether or not a mail goes out: `prepare` (e.g. issuing the link's token)
 * runs in the background too, so neither that work nor the mail server's pace shows in the
 * answer. Failures are logged, like sendNotice.
 */
export function sendInBackground(prepare: () => Promise<Email>): void {
  const sending: Promise<void> = prepare()
    .then(sendNotice, (error: unknown) => {
      console.error(`latchkey: could not prepare mail: ${error instanceof Error ? error.message : "unknown error"}`);
    })
    .finally(() => sendingInBackground.delete(sending));
  sendingInBackground.add(sending);
}

/** Resolves once every mail handed to sendInBackground so far was handed over or failed. */
export async function backgroundMailSent(): Promise<void> {
  await Promise.all(sendingInBackground);
}

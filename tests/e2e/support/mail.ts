// Mail, as the e2e server keeps it: without SMTP_URL every message goes to the OutboxMessage
// table and to the page /outbox, which answers only clients on this machine (the browser is).
// Links in mail are built from APP_URL (http://localhost:3100).
import { expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import type { Db } from "./db";
import { E2E_BASE_URL } from "./env";
import { escapeRegExp } from "./ui";

/** Subjects of the mail sent to an address, oldest first. */
export async function mailSubjects(db: Db, to: string): Promise<string[]> {
  const messages = await db.outboxMessage.findMany({ where: { recipient: to }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { subject: true } });
  return messages.map((message) => message.subject);
}

/** A message on the outbox page: an article named by its subject, with "To <address> ·". */
function outboxArticle(page: Page, to: string, subject: string): Locator {
  return page
    .getByRole("article", { name: subject, exact: true })
    .filter({ hasText: `To ${to} ·` })
    .first();
}

/**
 * Opens /outbox in a new tab of the context (the test's page stays where it is), pages back
 * through older mail until the newest message to `to` with `subject` shows, and returns its text.
 */
export async function readMailInOutbox(context: BrowserContext, db: Db, { to, subject }: { to: string; subject: string }): Promise<string> {
  // The mail is written before the action that sends it answers; this only guards the order.
  await expect.poll(() => db.outboxMessage.count({ where: { recipient: to, subject } }), { message: `mail "${subject}" to ${to}` }).toBeGreaterThan(0);
  const page = await context.newPage();
  try {
    let response = await page.goto("/outbox");
    for (let pageCount = 0; pageCount < 50; pageCount++) {
      expect(response?.status(), "GET /outbox").toBe(200);
      await expect(page.getByRole("heading", { name: "Outbox", level: 1 })).toBeVisible();
      const article = outboxArticle(page, to, subject);
      if ((await article.count()) > 0) return (await article.locator("pre").textContent()) ?? "";
      const older = page.getByRole("link", { name: "Older mail" });
      if ((await older.count()) === 0) break;
      response = await page.goto((await older.getAttribute("href")) ?? "");
    }
    throw new Error(`No mail "${subject}" to ${to} on /outbox`);
  } finally {
    await page.close();
  }
}

/** The one link of the app to `pathPrefix` (e.g. "/reset-password/") in a message's text. */
export function linkIn(text: string, pathPrefix: string): string {
  const links = [...text.matchAll(new RegExp(`${escapeRegExp(E2E_BASE_URL + pathPrefix)}[A-Za-z0-9_-]+`, "g"))].map((match) => match[0]);
  expect(new Set(links).size, `one ${pathPrefix} link in:\n${text}`).toBe(1);
  return links[0]!;
}

// Settings → Webhooks: an endpoint on a receiver on 127.0.0.1 (the server runs with
// WEBHOOKS_ALLOW_LOOPBACK=true), its signing secret copied once, "Send test" arriving signed so
// the Standard Webhooks reference library verifies it, the delivery log with status 200 and
// "Resend", "Roll secret", "Disable" and "Delete" behind its confirmation; axe, the keyboard,
// a phone's width and dark mode.
/** @see issue 11, "Webhooks", "Delivery" */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expectNoSeriousViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { confirmStepUp, elevationBanner, gotoHydrated, stepUpDialog } from "./support/ui";

const PAGE = "/settings/webhooks";

type Received = { headers: IncomingHttpHeaders; body: string };

/** A receiver on 127.0.0.1 that answers 200 "ok" and keeps every request. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "text/plain" }).end("ok from the receiver");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

function verify(request: Received, secret: string): Record<string, unknown> {
  return new Webhook(secret).verify(request.body, {
    "webhook-id": String(request.headers["webhook-id"]),
    "webhook-timestamp": String(request.headers["webhook-timestamp"]),
    "webhook-signature": String(request.headers["webhook-signature"]),
  }) as Record<string, unknown>;
}

const statusText = (page: Page, text: string | RegExp) => page.getByRole("main").getByRole("status").filter({ hasText: text });

/** Adds an endpoint through the dialog, confirming step-up with the password, and returns its secret, read from the screen. */
async function addEndpoint(page: Page, url: string, description: string, password: string): Promise<string> {
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const dialog = page.getByRole("dialog", { name: "Add endpoint" });
  await dialog.getByLabel("Webhook URL").fill(url);
  await dialog.getByLabel("Description").fill(description);
  await dialog.getByRole("button", { name: "Save endpoint" }).click();
  await confirmStepUp(page, { password });
  const shown = page.getByRole("dialog", { name: "Endpoint added" });
  await expect(shown).toBeVisible();
  return shown.getByRole("textbox", { name: `Signing secret for ${url}` }).inputValue();
}

test("add an endpoint (http refused), copy its secret, send a test that verifies, see it in the log with 200, resend, roll the secret, disable, delete", async ({
  page,
  account,
}) => {
  test.slow(); // Several deliveries through the server's queue and three axe scans.
  const receiver = await startReceiver();
  try {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await gotoHydrated(page, PAGE);
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByText("No webhook endpoints yet")).toBeVisible();
    await expectNoSeriousViolations(page, "no endpoints");

    // Plain http to anywhere but this machine is refused, with what to do, before step-up is asked for.
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const form = page.getByRole("dialog", { name: "Add endpoint" });
    await form.getByLabel("Webhook URL").fill("http://hooks.example.com/latchkey");
    await form.getByRole("button", { name: "Save endpoint" }).click();
    await expect(form.getByText("The URL must start with https://.")).toBeVisible();
    await expect(form.getByLabel("Webhook URL")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByRole("checkbox", { name: "Purchases" })).toBeChecked();
    await expect(form.getByRole("checkbox", { name: "Product updates and newsletter" })).not.toBeChecked();
    await expect(stepUpDialog(page)).toBeHidden();
    await form.getByRole("button", { name: "Cancel" }).click();

    // A new destination asks for step-up; the form keeps what was typed and is sent again.
    const secret = await addEndpoint(page, receiver.url, "Local receiver", account.password);
    expect(secret).toMatch(/^whsec_/);
    const shown = page.getByRole("dialog", { name: "Endpoint added" });
    await expect(shown.getByText("it won't be shown again")).toBeVisible();
    await shown.getByRole("button", { name: `Copy Signing secret for ${receiver.url}` }).click();
    await expect(shown.getByRole("status").filter({ hasText: "Copied to the clipboard." })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectNoSeriousViolations(page, "secret shown");
    // Escape does not lose the secret.
    await page.keyboard.press("Escape");
    await expect(shown).toBeVisible();
    await shown.getByRole("button", { name: "I've copied it" }).click();

    const item = page.getByRole("listitem").filter({ hasText: receiver.url });
    await expect(item.getByText("Enabled")).toBeVisible();
    await expect(item.getByText("No deliveries yet")).toBeVisible();

    // Send test → the receiver gets it, signed with the copied secret.
    await item.getByRole("button", { name: `Send test to ${receiver.url}` }).click();
    await expect(statusText(page, "Test event queued.")).toBeVisible();
    await expect.poll(() => receiver.received.length).toBe(1);
    const testMessage = verify(receiver.received[0]!, secret);
    expect(testMessage).toMatchObject({ type: "webhook.test", text: expect.stringContaining("test from Latchkey"), content: expect.stringContaining("test from Latchkey") });
    const webhookId = receiver.received[0]!.headers["webhook-id"];

    // The endpoint's page: the delivery log shows it with 200.
    await item.getByRole("link", { name: receiver.url }).click();
    await expect(page.getByRole("heading", { name: "Delivery log" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "webhook.test" });
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("Delivered (200)", { timeout: 1_000 });
    }).toPass();
    await expect(row.getByRole("cell").nth(3)).toHaveText("1");
    await row.getByText("Responses").click();
    await expect(row.getByText("ok from the receiver")).toBeVisible();
    await expectNoSeriousViolations(page, "delivery log");

    // Resend: the same message (same webhook-id), named on its own.
    const time = (await row.locator("time").first().textContent())!;
    await row.getByRole("button", { name: `Resend webhook.test from ${time}` }).click();
    await expect(row.getByRole("status").filter({ hasText: "queued again" })).toBeVisible();
    await expect.poll(() => receiver.received.length).toBe(2);
    expect(receiver.received[1]!.headers["webhook-id"]).toBe(webhookId);
    verify(receiver.received[1]!, secret);

    // Roll secret, confirmed and behind step-up: the new secret once; the next delivery verifies with it only.
    await elevationBanner(page).getByRole("button", { name: "End now" }).click();
    await expect(elevationBanner(page)).toBeHidden();
    await page.getByRole("button", { name: `Roll secret of ${receiver.url}` }).click();
    const confirmRoll = page.getByRole("dialog", { name: "Roll the signing secret?" });
    await expect(confirmRoll.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirmRoll.getByRole("button", { name: "Roll secret" }).click();
    await confirmStepUp(page, { password: account.password });
    const rolled = page.getByRole("dialog", { name: "New signing secret" });
    const newSecret = await rolled.getByRole("textbox", { name: `Signing secret for ${receiver.url}` }).inputValue();
    expect(newSecret).not.toBe(secret);
    await rolled.getByRole("button", { name: "I've copied it" }).click();
    await page.getByRole("button", { name: `Send test to ${receiver.url}` }).click();
    await expect.poll(() => receiver.received.length).toBe(3);
    verify(receiver.received[2]!, newSecret);
    expect(() => verify(receiver.received[2]!, secret)).toThrow();

    // Disable: the status says so and Send test says what to do.
    await page.getByRole("button", { name: `Disable ${receiver.url}` }).click();
    await expect(statusText(page, "Endpoint disabled.")).toBeVisible();
    await expect(page.getByText("Disabled", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: `Send test to ${receiver.url}` }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("This endpoint is disabled. Enable it first, then send again.");

    // Delete with the keyboard: Enter opens the confirmation with Cancel focused; Tab, Enter deletes.
    await page.getByRole("button", { name: `Delete ${receiver.url}` }).focus();
    await page.keyboard.press("Enter");
    const confirmDelete = page.getByRole("dialog", { name: "Delete this endpoint?" });
    await expect(confirmDelete.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(confirmDelete.getByRole("button", { name: "Delete endpoint" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/settings\/webhooks\?notice=deleted$/);
    await expect(page.getByRole("status").filter({ hasText: "The endpoint was deleted." })).toBeVisible();
    await expect(page.getByText("No webhook endpoints yet")).toBeVisible();
    expect(receiver.received).toHaveLength(3);
  } finally {
    receiver.server.close();
  }
});

test.describe("at a phone's width, in dark mode", () => {
  test.use({ colorScheme: "dark", viewport: { width: 390, height: 844 } });

  test("the list and the endpoint's page fit the screen and pass axe; the keyboard reaches every control; a new URL asks for step-up", async ({ page, account }) => {
    const receiver = await startReceiver();
    try {
      await gotoHydrated(page, PAGE);
      await addEndpoint(page, receiver.url, "Phone receiver", account.password);
      await page.getByRole("button", { name: "I've copied it" }).click();
      await page.getByRole("button", { name: `Send test to ${receiver.url}` }).click();
      await expect.poll(() => receiver.received.length).toBe(1);
      for (const path of [PAGE, null]) {
        if (path) await gotoHydrated(page, path);
        else await page.getByRole("link", { name: receiver.url }).click();
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${page.url()} is wider than the phone`).toBeLessThanOrEqual(390);
        await expectNoSeriousViolations(page, `${page.url()} dark, phone`);
      }
      // Tab reaches the edit form's checkboxes and its Save button; other categories need no step-up.
      await elevationBanner(page).getByRole("button", { name: "End now" }).click();
      await expect(elevationBanner(page)).toBeHidden();
      await page.getByRole("checkbox", { name: "Purchases" }).focus();
      await page.keyboard.press("Space");
      await expect(page.getByRole("checkbox", { name: "Purchases" })).not.toBeChecked();
      await page.getByRole("button", { name: "Save changes" }).focus();
      await page.keyboard.press("Enter");
      await expect(statusText(page, "Endpoint saved.")).toBeVisible();
      await expect(stepUpDialog(page)).toBeHidden();

      // A new URL does: once confirmed, the change is saved as typed.
      const moved = `${receiver.url}/moved`;
      await page.getByLabel("Webhook URL").fill(moved);
      await page.getByRole("button", { name: "Save changes" }).click();
      await confirmStepUp(page, { password: account.password });
      await expect(statusText(page, "Endpoint saved.")).toBeVisible();
      await expect(page.getByRole("heading", { name: moved, level: 2 })).toBeVisible();
    } finally {
      receiver.server.close();
    }
  });
});

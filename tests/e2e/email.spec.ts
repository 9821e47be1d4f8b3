// Email verification and email change (T-M1, T-H2), and the outbox page that holds the mail
// when no SMTP server is configured. Links are read from /outbox in the browser.
import { uniqueEmail } from "./support/builders";
import { expect, test } from "./support/fixtures";
import { linkIn, mailSubjects, readMailInOutbox } from "./support/mail";
import { confirmStepUp, emailInput, gotoHydrated, stepUpDialog } from "./support/ui";

test("the verification banner resends the link, and only pressing the button verifies", async ({ page, createUser, signIn, db, request }) => {
  const account = await createUser({ emailVerified: false });
  const { user } = account;
  await signIn(page.context(), account);
  const verifiedAt = async () => (await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerifiedAt: true } })).emailVerifiedAt;

  await gotoHydrated(page, "/settings/profile");
  const resend = page.getByRole("button", { name: "Resend verification email" });
  await expect(page.getByRole("main")).toContainText(`Verify your email address: we sent a link to ${user.email}.`);
  await resend.click();
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: /\S/ })).toHaveText(`We sent a new link to ${user.email}.`);

  const link = linkIn(await readMailInOutbox(page.context(), db, { to: user.email, subject: "Verify your email address" }), "/verify-email/");

  // Opening the link (or a mail scanner fetching it) changes nothing.
  expect((await request.get(link)).status()).toBe(200);
  const response = await page.goto(link, { waitUntil: "networkidle" });
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(page.getByRole("heading", { name: "Verify your email address" })).toBeVisible();
  await page.reload({ waitUntil: "networkidle" });
  expect(await verifiedAt()).toBeNull();

  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: /\S/ })).toHaveText("Your email address is verified.");
  expect(await verifiedAt()).not.toBeNull();

  await page.goto("/settings/profile");
  await expect(page.getByText(`You sign in with ${user.email} (verified).`)).toBeVisible();
  await expect(resend).toHaveCount(0);

  // The link works once.
  await gotoHydrated(page, new URL(link).pathname);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("This link has expired or was already used. Sign in and ask for a new one.");
});

test("changing the email needs a step-up and changes nothing until the new address confirms; a taken address gets the same answer", async ({ page, account, createUser, db }) => {
  const { user, password } = account;
  const taken = (await createUser()).user.email;
  const wanted = uniqueEmail("new");
  const changeForm = page.locator("form").filter({ has: page.getByLabel("New email") });
  const answer = changeForm.getByRole("status").filter({ hasText: /\S/ });

  await gotoHydrated(page, "/settings/profile");
  await page.getByRole("button", { name: "Change email" }).click();
  await page.getByLabel("New email").fill(taken);
  await changeForm.getByRole("button", { name: "Send confirmation link" }).click();
  await confirmStepUp(page, { password });
  await expect(stepUpDialog(page)).toBeHidden();
  await expect(answer).toBeVisible();
  const takenAnswer = (await answer.textContent()) ?? "";
  expect(takenAnswer).toBe(`We sent a confirmation link to ${taken}. Your email changes when you open it.`);
  // No mail to the address's owner, no link issued; the current address is told of the request.
  expect(await mailSubjects(db, taken)).toEqual([]);
  expect(await db.emailToken.count({ where: { userId: user.id } })).toBe(0);

  // Elevated now: the next request goes straight through, with the same words.
  await page.getByLabel("New email").fill(wanted);
  await changeForm.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(answer).toHaveText(`We sent a confirmation link to ${wanted}. Your email changes when you open it.`);
  expect(takenAnswer.replace(taken, "<address>")).toBe(((await answer.textContent()) ?? "").replace(wanted, "<address>"));
  await expect(stepUpDialog(page)).toBeHidden();

  expect(await mailSubjects(db, wanted)).toEqual(["Confirm your new email address"]);
  expect(await mailSubjects(db, user.email)).toEqual(["Your email address is about to change", "Your email address is about to change"]);
  const notice = await readMailInOutbox(page.context(), db, { to: user.email, subject: "Your email address is about to change" });
  expect(notice).toContain(wanted);

  // Nothing changed yet.
  await page.reload();
  await expect(emailInput(page)).toHaveValue(user.email);
  await expect(page.getByText(`You sign in with ${user.email}`)).toBeVisible();
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })).email).toBe(user.email);

  const link = linkIn(await readMailInOutbox(page.context(), db, { to: wanted, subject: "Confirm your new email address" }), "/confirm-email/");
  const response = await page.goto(link, { waitUntil: "networkidle" });
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })).email).toBe(user.email);
  await page.getByRole("button", { name: "Confirm new email address" }).click();
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: /\S/ })).toHaveText(`Your email address is now ${wanted}. Use it to sign in.`);

  await page.goto("/settings/profile");
  await expect(emailInput(page)).toHaveValue(wanted);
  await expect(page.getByText(`You sign in with ${wanted} (verified).`)).toBeVisible();
  expect(await mailSubjects(db, user.email)).toContain("Your email address was changed");
});

test("cancelling the step-up of an email change sends nothing", async ({ page, account, db }) => {
  const wanted = uniqueEmail("cancelled");
  await gotoHydrated(page, "/settings/profile");
  await page.getByRole("button", { name: "Change email" }).click();
  await page.getByLabel("New email").fill(wanted);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(stepUpDialog(page)).toBeVisible();
  await stepUpDialog(page).getByRole("button", { name: "Cancel" }).click();
  await expect(stepUpDialog(page)).toBeHidden();
  expect(await mailSubjects(db, wanted)).toEqual([]);
  expect(await mailSubjects(db, account.user.email)).toEqual([]);
  expect(await db.emailToken.count({ where: { userId: account.user.id } })).toBe(0);
  expect(await db.auditEvent.count({ where: { userId: account.user.id, action: "user.email_change_requested" } })).toBe(0);
});

// Who else can read the outbox (nobody through a proxy, nobody with a public APP_URL): network-edge.spec.ts.
test("the outbox answers the browser on this machine", async ({ page, createUser, db }) => {
  const { user } = await createUser({ emailVerified: false });
  // Some mail to look for.
  await db.outboxMessage.create({ data: { recipient: user.email, subject: "Outbox check", textBody: "Hello from the test.", htmlBody: "<p>Hello</p>" } });
  expect(await readMailInOutbox(page.context(), db, { to: user.email, subject: "Outbox check" })).toBe("Hello from the test.");
  const response = await page.goto("/outbox");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Outbox", level: 1 })).toBeVisible();
});

// Sign-up, sign-in and sign-out through the UI, the only specs that sign in that way.
import { uniqueEmail, uniqueTag } from "./support/builders";
import { E2E_BASE_URL } from "./support/env";
import { expect, test } from "./support/fixtures";
import { emailInput, formAlert, passwordInput, profileForm, signInThroughUi, signOutThroughUi, signUpThroughUi } from "./support/ui";

const PASSWORD = "Lamp-Orbit-73";

test("a new person signs up, edits their profile, signs out and signs back in", async ({ page, db, forgetAfterTest }) => {
  const email = uniqueEmail("ada");
  forgetAfterTest(email);

  await signUpThroughUi(page, { firstName: "Ada", lastName: "Lovelace", email, password: PASSWORD });
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  await expect(emailInput(page)).toHaveValue(email);

  await page.getByLabel("First name").fill("Augusta Ada");
  await page.getByLabel("Last name").fill("King");
  await page.getByLabel("Job position").fill("Analyst");
  await page.getByLabel("Phone number").fill("+44 20 7946 0958");
  await profileForm(page).getByRole("button", { name: "Save" }).click();
  await expect(profileForm(page).getByRole("status")).toHaveText("Profile saved.");
  // Stored in E.164 and shown as stored.
  await expect(page.getByLabel("Phone number")).toHaveValue("+442079460958");

  await page.reload();
  await expect(page.getByLabel("First name")).toHaveValue("Augusta Ada");
  await expect(page.getByLabel("Last name")).toHaveValue("King");
  await expect(page.getByLabel("Job position")).toHaveValue("Analyst");
  await expect(page.getByLabel("Phone number")).toHaveValue("+442079460958");
  expect(await db.user.findUniqueOrThrow({ where: { email }, select: { firstName: true, lastName: true, jobTitle: true, phoneNumber: true } })).toEqual({
    firstName: "Augusta Ada",
    lastName: "King",
    jobTitle: "Analyst",
    phoneNumber: "+442079460958",
  });

  await signOutThroughUi(page);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await signInThroughUi(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(page.getByLabel("First name")).toHaveValue("Augusta Ada");
});

test("the password checklist marks each rule as it is met", async ({ page }) => {
  await page.goto("/signup");
  const rules = page.getByRole("list", { name: "Password requirements" });
  const rule = (name: string) => rules.getByRole("listitem").filter({ hasText: name });
  const met = async (expected: Record<string, boolean>) => {
    for (const [name, value] of Object.entries(expected)) await expect(rule(name)).toHaveAttribute("data-met", String(value));
  };

  await met({ "8 to 128 characters": false, "An uppercase letter": false, "A lowercase letter": false, "A number": false, "A special character": false });
  const password = passwordInput(page);
  await password.pressSequentially("abc");
  await met({ "8 to 128 characters": false, "An uppercase letter": false, "A lowercase letter": true, "A number": false, "A special character": false });
  await password.pressSequentially("D");
  await met({ "An uppercase letter": true, "A number": false });
  await password.pressSequentially("7");
  await met({ "A number": true, "A special character": false });
  await password.pressSequentially("!");
  await met({ "A special character": true, "8 to 128 characters": false });
  await password.pressSequentially("xy");
  await met({ "8 to 128 characters": true, "An uppercase letter": true, "A lowercase letter": true, "A number": true, "A special character": true });
  await password.press("Backspace");
  await met({ "8 to 128 characters": false });
});

test("an unknown email and a wrong password get the same answer", async ({ page, createUser, db }) => {
  const { user } = await createUser();
  const answers: string[] = [];
  for (const email of [uniqueEmail("nobody"), user.email]) {
    await page.goto("/login");
    await signInThroughUi(page, email, "Wrong-Password-1");
    await expect(formAlert(page)).toBeVisible();
    answers.push((await formAlert(page).textContent()) ?? "");
    await expect(page).toHaveURL(/\/login$/);
    await expect(emailInput(page)).toHaveValue(email);
  }
  expect(answers).toEqual(["Email or password is incorrect.", "Email or password is incorrect."]);
  expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("latchkey.session");
});

test("sign-up creates the person's organization with them as its Owner", async ({ browser, db, forgetAfterTest }) => {
  const named = `Analytical Engines ${uniqueTag()}`;
  const cases = [
    { firstName: "Grace", organizationName: undefined, expected: "Grace's organization" },
    { firstName: "Charles", organizationName: named, expected: named },
  ];
  for (const { firstName, organizationName, expected } of cases) {
    const email = uniqueEmail(firstName.toLowerCase());
    forgetAfterTest(email);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUpThroughUi(page, { firstName, lastName: "Hopper", email, password: PASSWORD, organizationName });
    await expect(page).toHaveURL(/\/settings\/profile$/);
    await context.close();

    const user = await db.user.findUniqueOrThrow({
      where: { email },
      select: { memberships: { select: { role: true, org: { select: { name: true } } } } },
    });
    expect(user.memberships).toEqual([{ role: "owner", org: { name: expected } }]);
  }
});

test("an email is one account whatever its case", async ({ page, db, forgetAfterTest }) => {
  const local = `Mixed-${uniqueTag()}`;
  const typed = `${local}@Example.COM`;
  const canonical = `${local.toLowerCase()}@example.com`;
  forgetAfterTest(canonical);

  await signUpThroughUi(page, { firstName: "Mixed", lastName: "Case", email: typed, password: PASSWORD });
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(await db.user.count({ where: { email: canonical } })).toBe(1);
  await expect(emailInput(page)).toHaveValue(canonical);

  await page.context().clearCookies();
  await page.goto("/login");
  await signInThroughUi(page, canonical, PASSWORD);
  await expect(page).toHaveURL(/\/settings\/profile$/);

  // Signing up again with another case of the same address makes no second account.
  await page.context().clearCookies();
  await signUpThroughUi(page, { firstName: "Mixed", lastName: "Again", email: canonical.toUpperCase(), password: PASSWORD });
  await expect(formAlert(page)).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
  expect(await db.user.count({ where: { email: { in: [canonical, canonical.toUpperCase(), typed] } } })).toBe(1);
});

test("sign-in returns to the page that asked for it", async ({ page, createUser }) => {
  const { user, password } = await createUser();
  await page.goto("/login?next=/settings/appearance");
  await signInThroughUi(page, user.email, password);
  await expect(page).toHaveURL(/\/settings\/appearance$/);
  await expect(page.getByRole("heading", { name: "Appearance", level: 1 })).toBeVisible();
});

test("a signed-out visit to a settings page asks to sign in first and comes back", async ({ page, createUser }) => {
  const { user, password } = await createUser();
  await page.goto("/settings/appearance");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fappearance$/);
  await signInThroughUi(page, user.email, password);
  await expect(page).toHaveURL(/\/settings\/appearance$/);
});

// T-A3: `next` can only name a path on this site, in the link and in the form alike.
const HOSTILE_NEXT = ["//evil.test", "/\\evil.test", "https:evil.test", "javascript:alert(1)", "https://evil.test"];

test("a hostile `next` never leaves the site after sign-in", async ({ page, createUser }) => {
  const { user, password } = await createUser();
  for (const next of HOSTILE_NEXT) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    const hidden = page.locator('input[type="hidden"][name="next"]');
    await expect(hidden).toHaveValue("/settings/profile");
    // The server action checks again: a page script could have put anything in the field.
    await hidden.evaluate((input: HTMLInputElement, value) => (input.value = value), next);
    await signInThroughUi(page, user.email, password);
    await expect(page, `next=${next}`).toHaveURL(`${E2E_BASE_URL}/settings/profile`);
  }
});

test("settings need a session, and /settings opens the profile", async ({ page, createUser, signIn }) => {
  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fprofile$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await signIn(page.context(), await createUser());
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
});

// T-A1 and T-A2 in the browser: what a person (or a script in their page) can send through the
// sign-up and profile forms. Every case gets an inline error or is ignored, changes nothing,
// and never earns a 500 (the `serverErrors` fixture fails the test on any status >= 500).
import type { Page } from "@playwright/test";
import { TEST_PASSWORD, uniqueEmail, uniqueTag } from "./support/builders";
import type { Db } from "./support/db";
import { expect, test } from "./support/fixtures";
import { emailInput, expectFieldError, expectNoFieldError, fillSignUp, forceValue, formAlert, passwordInput, profileForm } from "./support/ui";

const CHECK_FIELDS = "Check the highlighted fields and try again.";

/** Everything the database holds that could carry a trace of a sign-up tagged `tag`. */
async function traces(db: Db, tag: string) {
  return {
    users: await db.user.count({ where: { OR: [{ email: { contains: tag } }, { firstName: { contains: tag } }] } }),
    orgs: await db.organization.count({ where: { name: { contains: tag } } }),
  };
}

async function submitSignUp(page: Page) {
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(formAlert(page)).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
}

test.describe("sign-up", () => {
  test("with every field empty, each required field says what it needs", async ({ page, db }) => {
    await page.goto("/signup");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(formAlert(page)).toHaveText(CHECK_FIELDS);
    await expectFieldError(page.getByLabel("First name"), "Enter your first name.");
    await expectFieldError(page.getByLabel("Last name"), "Enter your last name.");
    await expectFieldError(emailInput(page), "Enter your email address.");
    await expectFieldError(passwordInput(page), "Enter a password.");
    await expectNoFieldError(page.getByLabel("Organization name"));
    // Other workers add users meanwhile, so look for what this submission could have written.
    expect(await db.user.count({ where: { OR: [{ email: "" }, { firstName: "" }, { lastName: "" }] } })).toBe(0);
  });

  test("a password that breaks a rule is refused with the rules it misses", async ({ page, db }) => {
    const tag = uniqueTag();
    await page.goto("/signup");
    await fillSignUp(page, { firstName: `Ada ${tag}`, lastName: "Lovelace", email: uniqueEmail(tag), password: "lowercase only" });
    await submitSignUp(page);
    await expectFieldError(passwordInput(page), "Password needs: an uppercase letter, a number, a special character.");
    // What was typed stays (the server never sends a password back).
    await expect(page.getByLabel("First name")).toHaveValue(`Ada ${tag}`);
    expect(await traces(db, tag)).toEqual({ users: 0, orgs: 0 });
  });

  test("a confirmation that differs is refused", async ({ page, db }) => {
    const tag = uniqueTag();
    await page.goto("/signup");
    await fillSignUp(page, { firstName: "Ada", lastName: "Lovelace", email: uniqueEmail(tag), password: TEST_PASSWORD, confirmPassword: `${TEST_PASSWORD}x` });
    await submitSignUp(page);
    await expectFieldError(page.getByLabel("Confirm password"), "Passwords don't match.");
    await expectNoFieldError(passwordInput(page));
    expect(await traces(db, tag)).toEqual({ users: 0, orgs: 0 });
  });

  // T-B4: look-alike "@", two "@", a list of addresses.
  for (const [name, email] of [
    ["a full-width @ (U+FF20)", (tag: string) => `a-${tag}\uFF20b.test`],
    ["two @ signs", (tag: string) => `foo-${tag}@evil.test@victim.test`],
    ["a list of addresses", (tag: string) => `foo-${tag}@victim.test,evil.test`],
  ] as const) {
    test(`an email with ${name} is refused`, async ({ page, db }) => {
      const tag = uniqueTag();
      await page.goto("/signup");
      await fillSignUp(page, { firstName: "Ada", lastName: "Lovelace", email: "placeholder@example.com", password: TEST_PASSWORD, organizationName: `Org ${tag}` });
      // Set as a script would: the browser's own handling of type=email must not decide the outcome.
      await forceValue(emailInput(page), email(tag));
      await submitSignUp(page);
      await expectFieldError(emailInput(page), "Enter a valid email address, like name@example.com.");
      expect(await traces(db, tag)).toEqual({ users: 0, orgs: 0 });
    });
  }

  test("a 101-character first name is refused", async ({ page, db }) => {
    const tag = uniqueTag();
    await page.goto("/signup");
    await fillSignUp(page, { firstName: "Ada", lastName: "Lovelace", email: uniqueEmail(tag), password: TEST_PASSWORD, organizationName: `Org ${tag}` });
    await forceValue(page.getByLabel("First name"), "A".repeat(101));
    await submitSignUp(page);
    await expectFieldError(page.getByLabel("First name"), "First name must be at most 100 characters.");
    expect(await traces(db, tag)).toEqual({ users: 0, orgs: 0 });
  });

  test("a first name with a control character is refused", async ({ page, db }) => {
    const tag = uniqueTag();
    await page.goto("/signup");
    await fillSignUp(page, { firstName: "Ada", lastName: "Lovelace", email: uniqueEmail(tag), password: TEST_PASSWORD, organizationName: `Org ${tag}` });
    await forceValue(page.getByLabel("First name"), "Ada\u0007");
    await submitSignUp(page);
    await expectFieldError(page.getByLabel("First name"), "First name contains characters that are not allowed.");
    expect(await traces(db, tag)).toEqual({ users: 0, orgs: 0 });
  });

  test("a field removed from the page is refused, not defaulted", async ({ page, db }) => {
    const tag = uniqueTag();
    await page.goto("/signup");
    await fillSignUp(page, { firstName: `Ada ${tag}`, lastName: "Lovelace", email: uniqueEmail(tag), password: TEST_PASSWORD, organizationName: `Org ${tag}` });
    await page.getByLabel("Last name").evaluate((input) => input.remove());
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(formAlert(page)).toHaveText(CHECK_FIELDS);
    await expect(page).toHaveURL(/\/signup$/);
    expect(await traces(db, tag)).toEqual({ users: 0, orgs: 0 });
  });
});

test.describe("profile", () => {
  const PROFILE_ROW = {
    email: true,
    firstName: true,
    lastName: true,
    jobTitle: true,
    phoneNumber: true,
    theme: true,
    passwordHash: true,
    emailVerifiedAt: true,
    updatedAt: true,
  } as const;

  async function snapshot(db: Db, userId: string) {
    return {
      user: await db.user.findUniqueOrThrow({ where: { id: userId }, select: PROFILE_ROW }),
      memberships: await db.membership.findMany({ where: { userId }, select: { orgId: true, role: true } }),
    };
  }

  test("an invalid phone number is refused next to the field and what was typed stays", async ({ page, db, account }) => {
    const before = await snapshot(db, account.user.id);
    await page.goto("/settings/profile");
    await page.getByLabel("Job position").fill("Lead engineer");
    await page.getByLabel("Phone number").fill("12345");
    await profileForm(page).getByRole("button", { name: "Save" }).click();

    await expectFieldError(page.getByLabel("Phone number"), /^With the country code.*Enter a valid phone number with its country code, like \+1 415 555 0123\.$/);
    await expect(page.getByLabel("Phone number")).toHaveValue("12345");
    await expect(page.getByLabel("Job position")).toHaveValue("Lead engineer");
    await expect(profileForm(page).getByRole("status")).toBeEmpty();
    expect(await snapshot(db, account.user.id)).toEqual(before);
  });

  for (const [name, value, message] of [
    ["a 101-character first name", "A".repeat(101), "First name must be at most 100 characters."],
    ["a first name with a control character", "Ada\u0007", "First name contains characters that are not allowed."],
    ["a first name of spaces", "   ", "Enter your first name."],
  ] as const) {
    test(`${name} is refused and the profile is unchanged`, async ({ page, db, account }) => {
      const before = await snapshot(db, account.user.id);
      await page.goto("/settings/profile");
      await forceValue(page.getByLabel("First name"), value);
      await profileForm(page).getByRole("button", { name: "Save" }).click();
      await expectFieldError(page.getByLabel("First name"), message);
      await expect(formAlert(page)).toHaveText(CHECK_FIELDS);
      expect(await snapshot(db, account.user.id)).toEqual(before);
    });
  }

  test("a field removed from the page is refused and the profile is unchanged", async ({ page, db, account }) => {
    const before = await snapshot(db, account.user.id);
    await page.goto("/settings/profile");
    await page.getByLabel("First name").fill("Changed");
    await page.getByLabel("Last name").evaluate((input) => input.remove());
    await profileForm(page).getByRole("button", { name: "Save" }).click();
    await expect(formAlert(page)).toHaveText(CHECK_FIELDS);
    expect(await snapshot(db, account.user.id)).toEqual(before);
  });

  test("forged fields (role, email, another user's id) are ignored", async ({ page, db, account, createUser }) => {
    const other = await createUser();
    const otherBefore = await snapshot(db, other.user.id);
    const before = await snapshot(db, account.user.id);
    await page.goto("/settings/profile");
    await page.getByLabel("Job position").fill("Forger");
    // The read-only email field edited, and extra fields a mass-assignment bug would accept.
    await forceValue(emailInput(page), "attacker@evil.test");
    await profileForm(page).evaluate((form, userId) => {
      const forged: Record<string, string> = {
        role: "admin",
        email: "attacker@evil.test",
        userId,
        id: userId,
        orgId: "someone-elses-org",
        emailVerifiedAt: "2020-01-01T00:00:00.000Z",
        theme: "dark",
        passwordHash: "forged",
      };
      for (const [name, value] of Object.entries(forged)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
      }
    }, other.user.id);
    await profileForm(page).getByRole("button", { name: "Save" }).click();
    await expect(profileForm(page).getByRole("status")).toHaveText("Profile saved.");

    const after = await snapshot(db, account.user.id);
    expect(after.user.jobTitle).toBe("Forger");
    expect({ ...after.user, jobTitle: null, updatedAt: null }).toEqual({ ...before.user, jobTitle: null, updatedAt: null });
    expect(after.memberships).toEqual(before.memberships);
    expect(await snapshot(db, other.user.id)).toEqual(otherBefore);
    expect(await db.user.count({ where: { email: "attacker@evil.test" } })).toBe(0);
    await expect(emailInput(page)).toHaveValue(account.user.email);
  });
});

// The browser suite's test object. Sign-in goes straight to the database and the cookie jar,
// the way Auth.js does it (style guide: never through the UI, except in the sign-in specs).
import { test as base, expect, type BrowserContext } from "@playwright/test";
import { createTestSession, createTestUser, deleteTestUsers, sessionCookie, type TestAccount, type TestSession, type TestUserOverrides } from "./builders";
import { createTestDb, type Db } from "./db";

type Cleanup = { userIds: string[]; emails: string[] };

type TestFixtures = {
  /** Users and organizations this test made, deleted after its browser context closes. */
  cleanup: Cleanup;
  /** Creates a user with an organization (Owner); deleted after the test. */
  createUser: (overrides?: TestUserOverrides) => Promise<TestAccount>;
  /** Opens a session for the account and puts its cookie in the context. */
  signIn: (context: BrowserContext, account: TestAccount) => Promise<TestSession>;
  /** A user signed in on the default context (`page`). */
  account: TestAccount;
  /** Accounts created through the UI: their email, for cleanup. */
  forgetAfterTest: (email: string) => void;
  /** Every response with status >= 500 in the test's context; the test fails if any. */
  serverErrors: string[];
};

type WorkerFixtures = { db: Db };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  db: [
    async ({}, use) => {
      const db = createTestDb();
      await use(db);
      await db.$disconnect();
    },
    { scope: "worker" },
  ],

  cleanup: async ({ db }, use) => {
    const cleanup: Cleanup = { userIds: [], emails: [] };
    await use(cleanup);
    await deleteTestUsers(db, { ids: cleanup.userIds, emails: cleanup.emails });
  },

  // The context depends on `cleanup`, so it closes (no request in flight) before rows go.
  context: async ({ context, cleanup }, use) => {
    await use(context);
  },

  createUser: async ({ db, cleanup }, use) => {
    await use(async (overrides) => {
      const account = await createTestUser(db, overrides);
      cleanup.userIds.push(account.user.id);
      return account;
    });
  },

  signIn: async ({ db }, use) => {
    await use(async (context, account) => {
      const session = await createTestSession(db, account.user.id);
      await context.addCookies([sessionCookie(session.cookieValue)]);
      return session;
    });
  },

  account: async ({ context, createUser, signIn }, use) => {
    const account = await createUser();
    await signIn(context, account);
    await use(account);
  },

  forgetAfterTest: async ({ cleanup }, use) => {
    await use((email) => {
      cleanup.emails.push(email);
    });
  },

  serverErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      context.on("response", (response) => {
        if (response.status() >= 500) errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
      });
      await use(errors);
      expect(errors, "responses with a server error").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

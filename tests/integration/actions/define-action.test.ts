// The one action definition (docs/decisions/0015-action-definition.md), through real actions
// called with `.run`: what a signed-out caller, a cross-site page and a sender of garbage
// form data get back. Every answer is a result the form can show; none is a thrown error.
/** @see issue 9, "One authorization path (architecture)" */
import { describe, expect, test } from "vitest";
import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { signInAction } from "@/app/(auth)/login/actions";
import { stepUpAction } from "@/app/(settings)/settings/actions";
import { updateThemeAction } from "@/app/(settings)/settings/appearance/actions";
import { leaveOrganizationAction } from "@/app/(settings)/settings/memberships/actions";
import { renamePasskeyAction } from "@/app/(settings)/settings/passkeys/actions";
import { updateProfileAction } from "@/app/(settings)/settings/profile/actions";
import { revokeSessionsAction } from "@/app/(settings)/settings/sessions/actions";
import type { ServerAction } from "@/lib/actions/define-action";
import { db } from "@/lib/db/client";
import { createSignedInUser, testContext, uniqueEmail } from "../../fixtures/builders";

const APP_ORIGIN = "http://localhost:3000";

/** A request from the app's own pages, from its own address so per-IP limits stay apart. */
function sameSite(ipAddress = testContext().ipAddress!): Headers {
  return new Headers({ origin: APP_ORIGIN, host: "localhost:3000", "x-forwarded-for": ipAddress });
}

function form(fields: Record<string, string | string[]>): FormData {
  expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) formData.append(name, item);
  }
  return formData;
}

async function profileOf(userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { firstName: true, lastName: true, jobTitle: true, theme: true } });
}

describe("signed out", () => {
  test("a user action answers UNAUTHENTICATED and changes nothing", async () => {
    const user = await createSignedInUser();
    const before = await profileOf(user.userId);

    const outcome = await updateProfileAction.run({ headers: sameSite(), session: null }, form({ firstName: "Mallory", lastName: "Intruder" }));

    expect(outcome).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." });
    expect(await profileOf(user.userId)).toEqual(before);
  });

  test("signed out is answered before the input is looked at", async () => {
    const outcome = await revokeSessionsAction.run({ headers: sameSite(), session: null }, form({ scope: "nonsense" }));
    expect(outcome).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });
});

describe("cross-site", () => {
  test("a signed-in person's browser sent from another site: CROSS_SITE, nothing changes, and their log says so", async () => {
    const user = await createSignedInUser();
    const before = await profileOf(user.userId);
    const ipAddress = testContext().ipAddress!;
    const headers = new Headers({ origin: "https://evil.example", host: "localhost:3000", "x-forwarded-for": ipAddress });

    const outcome = await updateProfileAction.run({ headers, session: user.session }, form({ firstName: "Mallory", lastName: "Intruder" }));

    expect(outcome).toMatchObject({ ok: false, code: "CROSS_SITE" });
    expect(await profileOf(user.userId)).toEqual(before);
    const refusals = await db.auditEvent.findMany({ where: { action: "request.cross_site_refused", userId: user.userId } });
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ ipAddress });
    expect(JSON.parse(refusals[0]!.metadata ?? "{}")).toMatchObject({ origin: "https://evil.example" });
  });

  test("Fetch Metadata alone is enough to refuse a public action, which sends no mail and logs the address", async () => {
    const ipAddress = testContext().ipAddress!;
    const email = uniqueEmail("cross-site");
    const headers = new Headers({ "sec-fetch-site": "cross-site", host: "localhost:3000", "x-forwarded-for": ipAddress });

    const outcome = await forgotPasswordAction.run({ headers, session: null }, form({ email }));

    expect(outcome).toMatchObject({ ok: false, code: "CROSS_SITE" });
    expect(await db.auditEvent.count({ where: { action: "request.cross_site_refused", ipAddress, userId: null } })).toBe(1);
  });

  test("the app's own origin is accepted", async () => {
    const user = await createSignedInUser();
    const outcome = await updateThemeAction.run({ headers: sameSite(), session: user.session }, form({ theme: "dark" }));
    expect(outcome).toMatchObject({ ok: true, message: "Theme saved." });
    expect((await profileOf(user.userId)).theme).toBe("dark");
  });
});

describe("garbage input", () => {
  const MEGABYTE = "x".repeat(1024 * 1024);

  const garbage: Record<string, FormData> = {
    "nothing at all": new FormData(),
    "every field twice": form({
      firstName: ["Ada", "Grace"],
      lastName: ["Lovelace", "Hopper"],
      theme: ["dark", "light"],
      scope: ["others", "all"],
      email: ["a@example.test", "b@example.test"],
      passkeyId: ["a", "b"],
      name: ["a", "b"],
      orgId: ["a", "b"],
      method: ["password", "totp"],
      password: ["a", "b"],
    }),
    "1 MB in every field": form({
      firstName: MEGABYTE,
      lastName: MEGABYTE,
      theme: MEGABYTE,
      scope: MEGABYTE,
      email: MEGABYTE,
      passkeyId: MEGABYTE,
      name: MEGABYTE,
      orgId: MEGABYTE,
      method: MEGABYTE,
      password: MEGABYTE,
    }),
    "__proto__ and constructor keys": form({ ["__proto__"]: "polluted", constructor: "polluted", "__proto__.isAdmin": "true", prototype: "polluted" }),
    "a file where text goes": (() => {
      const formData = new FormData();
      for (const name of ["firstName", "lastName", "theme", "scope", "email", "passkeyId", "name", "orgId", "method", "password"]) formData.append(name, new Blob(["x"]), "x.txt");
      return formData;
    })(),
  };

  const actions: [string, ServerAction<unknown>, boolean][] = [
    ["updateProfileAction", updateProfileAction as ServerAction<unknown>, true],
    ["updateThemeAction", updateThemeAction as ServerAction<unknown>, true],
    ["revokeSessionsAction", revokeSessionsAction as ServerAction<unknown>, true],
    ["renamePasskeyAction", renamePasskeyAction as ServerAction<unknown>, true],
    ["leaveOrganizationAction", leaveOrganizationAction as ServerAction<unknown>, true],
    ["stepUpAction", stepUpAction as ServerAction<unknown>, true],
    ["forgotPasswordAction", forgotPasswordAction as ServerAction<unknown>, false],
    ["signInAction", signInAction as ServerAction<unknown>, false],
  ];

  test.each(Object.keys(garbage))("%s: every action answers INVALID_INPUT and nothing changes", async (kind) => {
    const user = await createSignedInUser();
    const before = await profileOf(user.userId);
    for (const [name, action, signedIn] of actions) {
      const outcome = await action.run({ headers: sameSite(), session: signedIn ? user.session : null }, garbage[kind]);
      expect(outcome, name).toMatchObject({ ok: false, code: "INVALID_INPUT" });
      // What is echoed back to refill a form stays short, whatever was sent.
      for (const value of Object.values(("fields" in outcome && outcome.fields) || {})) expect(value.length, name).toBeLessThanOrEqual(1000);
    }
    expect(await profileOf(user.userId)).toEqual(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  test("__proto__ beside valid fields is ignored: the action does what the valid fields say", async () => {
    const user = await createSignedInUser();
    const formData = form({ theme: "light", ["__proto__"]: "polluted", constructor: "polluted" });
    const outcome = await updateThemeAction.run({ headers: sameSite(), session: user.session }, formData);
    expect(outcome).toMatchObject({ ok: true });
    expect((await profileOf(user.userId)).theme).toBe("light");
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

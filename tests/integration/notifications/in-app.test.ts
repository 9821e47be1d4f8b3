// The header's bell: the latest notifications of the signed-in person, the unread count, and
// "Mark all as read", which reads nobody else's.
/** @see issue 11, "In-app" */
import { describe, expect, test } from "vitest";
import { markAllNotificationsReadAction } from "@/app/(settings)/settings/actions";
import { getSettingsFrame } from "@/lib/account/settings-frame";
import type { ActiveSession } from "@/lib/auth/sessions";
import { BELL_NOTIFICATION_COUNT, createNotification, safeNotificationHref } from "@/lib/notifications/in-app";
import { advanceClock } from "../../fixtures/clock";
import { createSignedInUser, testContext } from "../../fixtures/builders";

/** The bell as every settings page reads it, with the rest of its frame. */
async function bellOf(session: ActiveSession) {
  return (await getSettingsFrame(session)).bell;
}

function sameSite(): Headers {
  return new Headers({ origin: "http://localhost:3000", host: "localhost:3000", "x-forwarded-for": testContext().ipAddress! });
}

describe("the bell", () => {
  test("lists the newest notifications first, at most BELL_NOTIFICATION_COUNT, and counts every unread one", async () => {
    const user = await createSignedInUser();
    for (let index = 1; index <= BELL_NOTIFICATION_COUNT + 2; index += 1) {
      await createNotification({ userId: user.userId, category: "purchases", title: `Receipt ${index}`, body: "Paid." });
      advanceClock(1000);
    }
    const { latest, unreadCount } = await bellOf(user.session);
    expect(unreadCount).toBe(BELL_NOTIFICATION_COUNT + 2);
    expect(latest.map((notification) => notification.title)).toEqual(
      Array.from({ length: BELL_NOTIFICATION_COUNT }, (_, index) => `Receipt ${BELL_NOTIFICATION_COUNT + 2 - index}`),
    );
  });

  test("Mark all as read reads the person's own notifications only, and answers signed out with UNAUTHENTICATED", async () => {
    const user = await createSignedInUser();
    const other = await createSignedInUser();
    await createNotification({ userId: user.userId, category: "organization", title: "Role changed", body: "You are now Admin." });
    await createNotification({ userId: other.userId, category: "organization", title: "Role changed", body: "You are now Admin." });

    expect(await markAllNotificationsReadAction.run({ headers: sameSite(), session: null }, new FormData())).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect((await bellOf(user.session)).unreadCount).toBe(1);

    const outcome = await markAllNotificationsReadAction.run({ headers: sameSite(), session: user.session }, new FormData());
    expect(outcome).toMatchObject({ ok: true, message: "All notifications are marked as read." });
    const { latest, unreadCount } = await bellOf(user.session);
    expect(unreadCount).toBe(0);
    expect(latest[0]!.readAt).not.toBeNull();
    expect((await bellOf(other.session)).unreadCount).toBe(1);
  });

  test("a notification links only to a Latchkey path or an https URL", () => {
    expect(safeNotificationHref("/settings/api-keys")).toBe("/settings/api-keys");
    expect(safeNotificationHref("https://shop.example/orders/1")).toBe("https://shop.example/orders/1");
    for (const unsafe of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "//evil.example", "/\\evil.example", "http://shop.example", "data:text/html,x", null, ""]) {
      expect(safeNotificationHref(unsafe), String(unsafe)).toBeNull();
    }
  });
});

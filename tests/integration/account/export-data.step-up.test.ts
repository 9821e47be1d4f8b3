// "Download your data" gathers every address, device and sign-in of the person in one file.
// It asked for no step-up, so a session left open on a shared computer handed all of it over in
// one click (issue 8, item 10). Now it needs a recent step-up, like every sensitive action.
/** @see issue 8 */
import { describe, expect, test } from "vitest";
import { exportUserData } from "@/lib/account/export-data";
import { STEP_UP_MAX_AGE_MS } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import { activeSession, createSignedInUser, stepUpWithPassword, testContext } from "../../fixtures/builders";

const exports = (userId: string) => db.auditEvent.count({ where: { userId, action: "user.data_exported" } });

describe("exportUserData needs a recent step-up", () => {
  test("a session that never stepped up is refused, and nothing is logged as exported", async () => {
    const user = await createSignedInUser();

    await expect(exportUserData(user.session, testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED", message: "Confirm it's you to continue." });

    expect(await exports(user.userId)).toBe(0);
  });

  test("a step-up older than the limit is refused", async () => {
    const user = await createSignedInUser();
    await stepUpWithPassword(user.token, user.password);
    await db.session.update({ where: { id: user.session.sessionId }, data: { stepUpAt: new Date(Date.now() - STEP_UP_MAX_AGE_MS - 1_000) } });

    await expect(exportUserData(await activeSession(user.token), testContext())).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect(await exports(user.userId)).toBe(0);
  });

  test("after a step-up the file is made and the download is logged", async () => {
    const user = await createSignedInUser();
    const session = await stepUpWithPassword(user.token, user.password);
    const context = testContext();

    const chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    await db.pushSubscription.create({
      data: { id: `push-${user.userId}`, userId: user.userId, endpoint: `https://push.example/${user.userId}`, keys: "sealed", userAgent: chrome },
    });

    const data = await exportUserData(session, context);

    expect(data.profile.email).toBe(user.email);
    // A device with push on is listed; its push address and keys, which let anyone push to it, are not.
    expect(data.pushDevices).toEqual([{ device: expect.stringContaining("Chrome"), addedAt: expect.any(Date), lastSentAt: null }]);
    expect(JSON.stringify(data)).not.toContain("push.example");
    await db.pushSubscription.deleteMany({ where: { userId: user.userId } });
    expect(await db.auditEvent.findMany({ where: { userId: user.userId, action: "user.data_exported" }, select: { ipAddress: true } })).toEqual([{ ipAddress: context.ipAddress }]);
  });
});

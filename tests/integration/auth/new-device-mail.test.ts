// The new-device email quoted the raw User-Agent header: whatever a client sent (512
// characters of an attacker's text and links) arrived inside a genuine security email.
// It now names only the browser and system the parser recognised.
/** @see issue 8, item 10 */
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate-with-password";
import { createTestUser, lastMail, mailsTo, testContext } from "../../fixtures/builders";

const PHISHING = "Your account is suspended. Call +1 555 0100 or open https://evil.example/restore to keep it.";
const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const ATTACKER_USER_AGENT = `${BROWSER} ${PHISHING} `.repeat(3).slice(0, 512);

describe("the new-device email", () => {
  test("a 512-character User-Agent with a link and text: the mail names the browser and system, and carries neither", async () => {
    expect(ATTACKER_USER_AGENT).toHaveLength(512);
    const user = await createTestUser();

    const result = await authenticateWithPassword({ email: user.email, password: user.password }, testContext({ userAgent: ATTACKER_USER_AGENT }));
    expect(result?.kind).toBe("session");

    const mail = await lastMail(user.email, "New sign-in to your account");
    for (const body of [mail.textBody, mail.htmlBody]) {
      expect(body).toContain("Chrome 120 on Windows 10");
      expect(body).not.toContain("evil.example");
      expect(body).not.toContain("suspended");
      expect(body).not.toContain("555 0100");
    }
  });

  test("only a browser the person never signed in with is mailed about, however many sign-ins came before", async () => {
    const user = await createTestUser();
    const FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";
    const newDeviceMails = async () => (await mailsTo(user.email)).filter((mail) => mail.subject === "New sign-in to your account");
    const signInWith = async (userAgent: string) =>
      expect((await authenticateWithPassword({ email: user.email, password: user.password }, testContext({ userAgent })))?.kind).toBe("session");

    for (let round = 0; round < 3; round += 1) await signInWith(BROWSER);
    expect(await newDeviceMails()).toHaveLength(1);
    await signInWith(FIREFOX);
    const mails = await newDeviceMails();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.textBody).toContain("Firefox 128 on Mac OS 14.5");
    await signInWith(FIREFOX);
    await signInWith(BROWSER);
    expect(await newDeviceMails()).toHaveLength(2);
  });
});

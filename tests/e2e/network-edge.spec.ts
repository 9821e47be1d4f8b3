// The network edge (issue 8, items 1, 7, 8 and 10). Attacks:
// - a reverse proxy on the same machine made every visitor a loopback peer, and the outbox
//   (every reset link) answered loopback peers; a spoofed X-Forwarded-For did the same when
//   the port was reachable directly;
// - DNS rebinding: a page on evil.example, its name rebound to Latchkey's address, sends
//   `Host: evil.example` with `Origin: http://evil.example`, and both matched each other;
// - `/login?next=/.//evil.example` sent a signed-in visitor to evil.example;
// - cross-site refusals were never logged; malformed server-action bodies answered 500.
// Requests with a chosen Host header go through node:http (support/reverse-proxy.ts); every
// request goes to 127.0.0.1.
/** @see issue 8 */
import type { APIRequestContext } from "@playwright/test";
import { startAppInstance, runRefusedAppInstance, type AppInstance } from "./support/app-instance";
import { createTestEmailToken, uniqueTag } from "./support/builders";
import { E2E_APP_ENV, E2E_BASE_URL, E2E_PORT, SESSION_COOKIE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { rawRequest, startReverseProxy, type RawResponse } from "./support/reverse-proxy";

const APP_HOST = `localhost:${E2E_PORT}`;
const SAME_ORIGIN = { host: APP_HOST, origin: E2E_BASE_URL };
const REBOUND = { host: "evil.example", origin: "http://evil.example" };
const CROSS_SITE = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };

/** The sign-in action's id, as the sign-in page's form names it (it changes with every build). */
async function signInActionId(request: APIRequestContext): Promise<string> {
  const html = await (await request.get("/login")).text();
  const reference = html.match(/name="\$ACTION_1:0" value="([^"]+)"/)?.[1];
  expect(reference, "the sign-in form's action reference").toBeTruthy();
  return JSON.parse(reference!.replaceAll("&quot;", '"')).id;
}

/** A multipart body, fields in the given order. */
function multipart(fields: [string, string][]): { body: string; contentType: string } {
  const boundary = `----latchkey${uniqueTag()}`;
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** As React sends a form action's (previous state, form data) by script: the form's fields, then the arguments. */
function signInBody(email: string, password: string, next = "/settings/profile") {
  return multipart([
    ["_1_email", email],
    ["_1_password", password],
    ["_1_next", next],
    ["0", '[null,"$K1"]'],
  ]);
}

function postAction(actionId: string, { body, contentType }: { body: string; contentType: string }, headers: Record<string, string> = SAME_ORIGIN): Promise<RawResponse> {
  return rawRequest({ port: E2E_PORT, path: "/login", method: "POST", headers: { ...headers, "next-action": actionId, "content-type": contentType }, body });
}

const setsSession = (response: RawResponse) => String(response.headers["set-cookie"] ?? "").includes(`${SESSION_COOKIE}=`);

test.describe("Host header (DNS rebinding)", () => {
  test("a page and a server action for another host name are refused before the app sees them", async ({ createUser, db, request }) => {
    const { user, password } = await createUser();
    const actionId = await signInActionId(request);

    const page = await rawRequest({ port: E2E_PORT, path: "/login", headers: REBOUND });
    expect(page.status).toBe(421);
    expect(page.headers["content-type"]).toContain("text/plain");
    expect(page.body).toBe(`Unknown host name. Open Latchkey at ${E2E_BASE_URL}\n`);
    // The same server under another of its names is another host name too.
    expect((await rawRequest({ port: E2E_PORT, path: "/login", headers: { host: `127.0.0.1:${E2E_PORT}` } })).status).toBe(421);

    const action = await postAction(actionId, signInBody(user.email, password), REBOUND);
    expect(action.status).toBe(421);
    expect(setsSession(action)).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    // Control: the same request under APP_URL's host signs in.
    const control = await postAction(actionId, signInBody(user.email, password));
    expect(control.status).toBe(200);
    expect(setsSession(control), control.body).toBe(true);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });
});

test.describe("open redirect after sign-in", () => {
  test.beforeEach(async ({ context }) => {
    // Were the redirect to escape, nothing leaves this machine.
    await context.route(
      (url) => url.hostname.endsWith("evil.example"),
      (route) => route.abort(),
    );
  });

  test("a signed-in visitor of /login?next=/.//evil.example lands on the default page here", async ({ page, account: _signedIn }) => {
    test.setTimeout(60_000); // four server renders of the profile page
    for (const next of ["/.//evil.example", "/x/..//evil.example", "/%2e//evil.example", "/\\evil.example"]) {
      // The redirect is the server's answer; where it lands is known once the response commits.
      await page.goto(`/login?next=${encodeURIComponent(next)}`, { waitUntil: "commit" });
      await expect(page, next).toHaveURL(`${E2E_BASE_URL}/settings/profile`);
    }
  });

  test("a sign-in POST naming an off-site next does not redirect off-site", async ({ createUser, request }) => {
    const actionId = await signInActionId(request);
    for (const next of ["/.//evil.example", "//evil.example", "/%2e//evil.example"]) {
      const { user, password } = await createUser();
      const response = await postAction(actionId, signInBody(user.email, password, next));
      expect(setsSession(response), `${next}: ${response.body}`).toBe(true);
      const redirect = String(response.headers["x-action-redirect"] ?? response.headers["location"] ?? "");
      expect(redirect, next).toMatch(/^\/settings\/profile(;|$)/);
    }
  });
});

test.describe("malformed server-action bodies", () => {
  test("answer 400 with a short plain body, and no action runs", async ({ createUser, db, request }) => {
    const { user, password } = await createUser();
    const actionId = await signInActionId(request);
    const plain = (body: string, contentType: string) => ({ body, contentType });
    const malformed: Record<string, { body: string; contentType: string; headers?: Record<string, string> }> = {
      "a bare $ACTION_ID_ field": multipart([[`$ACTION_ID_${actionId}`, ""]]),
      "a JSON object": plain(JSON.stringify({ email: user.email, password }), "application/json"),
      "a JSON object as text": plain(JSON.stringify({ email: user.email, password }), "text/plain;charset=UTF-8"),
      "an object where the form belongs": plain(JSON.stringify([null, { email: user.email, password }]), "text/plain;charset=UTF-8"),
      "no arguments": plain("[]", "text/plain;charset=UTF-8"),
      "text that is not JSON": plain("garbage", "text/plain"),
      "garbage multipart": plain("--XYZ\r\ngarbage\r\n--", "multipart/form-data; boundary=XYZ"),
    };
    for (const [name, body] of Object.entries(malformed)) {
      const response = await postAction(actionId, body);
      expect(response.status, name).toBe(400);
      expect(response.body, name).toBe("Malformed request.");
      expect(setsSession(response), name).toBe(false);
    }
    // The same without JavaScript: a form post naming the action by $ACTION_ID_.
    const { body, contentType } = multipart([
      [`$ACTION_ID_${actionId}`, ""],
      ["email", user.email],
      ["password", password],
    ]);
    const formPost = await rawRequest({ port: E2E_PORT, path: "/login", method: "POST", headers: { ...SAME_ORIGIN, "content-type": contentType }, body });
    expect(formPost.status).toBe(400);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

test.describe("client address and the cross-site log on the suite's server (no proxy listed)", () => {
  test("a spoofed X-Forwarded-For is ignored: the refusal is logged with the real peer", async ({ db }) => {
    const userAgent = `LatchkeyEdge/${uniqueTag()}`;
    const response = await rawRequest({
      port: E2E_PORT,
      path: "/settings/profile",
      method: "POST",
      headers: { ...CROSS_SITE, host: APP_HOST, "x-forwarded-for": "198.51.100.23", "user-agent": userAgent, "content-type": "application/x-www-form-urlencoded" },
      body: "jobTitle=forged",
    });
    expect(response.status).toBe(403);
    expect(response.body).toBe("Cross-site request refused.");
    const rows = await db.auditEvent.findMany({ where: { action: "request.cross_site_refused", userAgent }, select: { ipAddress: true, metadata: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ipAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(JSON.parse(rows[0]!.metadata)).toEqual({ path: "/settings/profile", origin: "https://evil.example" });
  });

  test("the outbox hides links whose token was used, has expired or is unknown", async ({ page, createUser, db }) => {
    const { user } = await createUser();
    const link = (token: string, path = "reset-password") => `${E2E_BASE_URL}/${path}/${token}`;
    const live = await createTestEmailToken(db, { userId: user.id, email: user.email, purpose: "verify_email" });
    const used = await createTestEmailToken(db, { userId: user.id, email: user.email, purpose: "reset_password" });
    await db.emailToken.updateMany({ where: { userId: user.id, purpose: "reset_password" }, data: { usedAt: new Date() } });
    const expired = await createTestEmailToken(db, { userId: user.id, email: user.email, purpose: "change_email" });
    await db.emailToken.updateMany({ where: { userId: user.id, purpose: "change_email" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const subject = `Links ${uniqueTag()}`;
    const textBody = [link(live, "verify-email"), link(used), link(expired, "confirm-email"), link("unknown-token")].join("\n");
    await db.outboxMessage.create({ data: { recipient: user.email, subject, textBody, htmlBody: "<p>links</p>" } });

    await page.goto("/outbox");
    const text = (await page.getByRole("article", { name: subject }).locator("pre").textContent()) ?? "";
    expect(text.split("\n")).toEqual([link(live, "verify-email"), "[link used or expired]", "[link used or expired]", "[link used or expired]"]);
  });
});

test.describe("behind a reverse proxy, with a public APP_URL", () => {
  test.describe.configure({ mode: "serial", timeout: 60_000 });
  const PUBLIC_HOST = `latchkey.test:${E2E_PORT + 60}`;
  const TRIAL_HOST = `latchkey.test:${E2E_PORT + 61}`;
  let publicInstance: AppInstance | undefined;
  let trialInstance: AppInstance | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const shared = { ...E2E_APP_ENV, TRUST_PROXY: "loopback", RATE_LIMIT_SCALE: "1" };
    [publicInstance, trialInstance] = await Promise.all([
      // The outbox is off: mail goes to SMTP (never reached in these tests).
      startAppInstance(E2E_PORT + 60, { ...shared, APP_URL: `http://${PUBLIC_HOST}`, HOST: "127.0.0.1", SMTP_URL: "smtp://127.0.0.1:1" }),
      // A trial install that opted in to the outbox.
      startAppInstance(E2E_PORT + 61, { ...shared, APP_URL: `http://${TRIAL_HOST}`, MAIL_OUTBOX: "true" }),
    ]);
  });

  test.afterAll(async () => {
    await Promise.all([publicInstance?.stop(), trialInstance?.stop()]);
  });

  test("the outbox is off: 404 through the proxy and from this machine", async () => {
    expect(publicInstance!.output()).toContain("latchkey: listening on 127.0.0.1");
    const proxy = await startReverseProxy(E2E_PORT + 60);
    try {
      const outbox = await rawRequest({ port: proxy.port, path: "/outbox", headers: { host: PUBLIC_HOST } });
      expect(outbox.status).toBe(404);
      expect(outbox.body).not.toContain("Outbox</h1>");
      // Control: the proxy passes ordinary pages.
      expect((await rawRequest({ port: proxy.port, path: "/login", headers: { host: PUBLIC_HOST } })).status).toBe(200);
    } finally {
      await proxy.close();
    }
    expect((await rawRequest({ port: E2E_PORT + 60, path: "/outbox", headers: { host: PUBLIC_HOST } })).status).toBe(404);
  });

  test("an opted-in outbox answers only a visitor on this machine, not one the listed proxy forwards", async () => {
    const fromElsewhere = await startReverseProxy(E2E_PORT + 61, { clientAddress: "203.0.113.50" });
    const fromHere = await startReverseProxy(E2E_PORT + 61);
    try {
      for (const spoof of [{}, { "x-forwarded-for": "127.0.0.1" }] as Record<string, string>[]) {
        const outbox = await rawRequest({ port: fromElsewhere.port, path: "/outbox", headers: { host: TRIAL_HOST, ...spoof } });
        expect(outbox.status, JSON.stringify(spoof)).toBe(404);
      }
      expect((await rawRequest({ port: fromHere.port, path: "/outbox", headers: { host: TRIAL_HOST } })).status).toBe(200);
    } finally {
      await Promise.all([fromElsewhere.close(), fromHere.close()]);
    }
  });

  test("the listed proxy's X-Forwarded-For names the client, and a flood of refusals logs at most the limit", async ({ db }) => {
    const proxy = await startReverseProxy(E2E_PORT + 60, { clientAddress: "198.51.100.7" });
    const userAgent = `LatchkeyEdge/${uniqueTag()}`;
    try {
      for (let attempt = 0; attempt < 50; attempt++) {
        const response = await rawRequest({
          port: proxy.port,
          path: "/login",
          method: "POST",
          headers: { ...CROSS_SITE, host: PUBLIC_HOST, "user-agent": userAgent, "content-type": "application/x-www-form-urlencoded" },
          body: "email=someone%40example.com",
        });
        expect(response.status).toBe(403);
      }
    } finally {
      await proxy.close();
    }
    const rows = await db.auditEvent.findMany({ where: { action: "request.cross_site_refused", userAgent }, select: { ipAddress: true } });
    // RATE_LIMITS["cross-site-log:ip"] at RATE_LIMIT_SCALE=1: the first ten are logged, no more.
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row.ipAddress))).toEqual(new Set(["198.51.100.7"]));
  });
});

test.describe("refusing to start", () => {
  test("without SMTP_URL on a public APP_URL, and with TRUST_PROXY=true, saying what to set", async () => {
    const noSmtp = await runRefusedAppInstance({ ...E2E_APP_ENV, APP_URL: "https://id.example.com", PORT: String(E2E_PORT + 62) });
    expect(noSmtp.exitCode).not.toBe(0);
    expect(noSmtp.output).toContain("SMTP_URL: required to send mail from https://id.example.com: set SMTP_URL=");
    expect(noSmtp.output).toContain("MAIL_OUTBOX=true");

    const trustAll = await runRefusedAppInstance({ ...E2E_APP_ENV, TRUST_PROXY: "true", PORT: String(E2E_PORT + 63) });
    expect(trustAll.exitCode).not.toBe(0);
    expect(trustAll.output).toContain('TRUST_PROXY: must list the proxies\' addresses, not "true": TRUST_PROXY=loopback');
  });
});

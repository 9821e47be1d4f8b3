import { expect, test } from "vitest";
import { answeringActionRedirectFetches, isActionRedirectFetch } from "./action-redirect-fetch.mjs";

/** What Next.js's action handler passes: the target's URL and the action's headers with `rsc: 1`. */
const redirectFetch = () => ({
  url: new URL("http://localhost:3000/settings/profile"),
  // Next.js adds `next: { internal: 1 }`, which RequestInit's type does not name.
  init: { method: "GET", headers: new Headers({ "x-action-redirect": "/settings/profile;push", rsc: "1", cookie: "session=sealed" }) } as RequestInit,
});

test("Next.js's fetch of an action's redirect target is told apart from every other fetch", () => {
  const { url, init } = redirectFetch();
  expect(isActionRedirectFetch(url, init)).toBe(true);
  expect(isActionRedirectFetch(url.href, { ...init, method: undefined })).toBe(true);
  // Without the action's header, not an RSC read, not a GET, or no init at all: anyone's fetch.
  expect(isActionRedirectFetch(url, { ...init, headers: new Headers({ rsc: "1" }) })).toBe(false);
  expect(isActionRedirectFetch(url, { ...init, headers: { "x-action-redirect": "/settings/profile;push" } })).toBe(false);
  expect(isActionRedirectFetch(url, { ...init, method: "POST" })).toBe(false);
  expect(isActionRedirectFetch(url, undefined)).toBe(false);
  expect(isActionRedirectFetch(new Request(url, init), undefined)).toBe(false);
});

test("the redirect fetch gets an empty 204 without a request; any other fetch goes through unchanged", async () => {
  const sent: [unknown, unknown][] = [];
  const fetchImpl = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    sent.push([input, init]);
    return new Response("from the network", { status: 200 });
  }) as typeof fetch;
  const answering = answeringActionRedirectFetches(fetchImpl);
  const { url, init } = redirectFetch();
  const answer = await answering(url, init);
  expect(answer.status).toBe(204);
  expect(answer.headers.get("content-type")).toBeNull();
  expect(sent).toEqual([]);

  const webhook = { method: "POST", headers: { "content-type": "application/json" }, body: "{}" };
  const passed = await answering("http://127.0.0.1:9/hook", webhook);
  expect(await passed.text()).toBe("from the network");
  expect(sent).toEqual([["http://127.0.0.1:9/hook", webhook]]);
});

import { expect, test } from "vitest";
import { isCrossSiteRequest } from "./origin";

const APP = "http://localhost:3000";
const request = (headers: Record<string, string>) => new Headers({ host: "localhost:3000", ...headers });

test.each([
  [{ origin: "https://evil.test" }],
  [{ origin: "null" }],
  [{ "sec-fetch-site": "cross-site" }],
  [{ "sec-fetch-site": "same-site" }],
  [{ origin: "http://localhost:3000.evil.test" }],
  [{ origin: "https://localhost:3000" }],
  [{ origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }],
])("cross-site: %j", (headers) => {
  expect(isCrossSiteRequest(request(headers), APP)).toBe(true);
});

test.each([[{ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }], [{ origin: "http://localhost:3000" }], [{ "sec-fetch-site": "none" }], [{}]])(
  "same-origin or non-browser: %j",
  (headers) => {
    expect(isCrossSiteRequest(request(headers), APP)).toBe(false);
  },
);

test("an Origin that matches the request's Host but not APP_URL is cross-site (DNS rebinding)", () => {
  expect(isCrossSiteRequest(new Headers({ host: "evil.example", origin: "http://evil.example" }), APP)).toBe(true);
  expect(isCrossSiteRequest(new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), APP)).toBe(true);
});

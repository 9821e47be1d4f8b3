import { describe, expect, test } from "vitest";
import { isLoopbackHostHeader } from "@/lib/http/incoming-request.mjs";
import { metricsAccess } from "./metrics.mjs";

const TOKEN = "a-metrics-token-of-at-least-32-characters";

describe("who may read /metrics", () => {
  test("with METRICS_TOKEN: only that bearer token, from anywhere", () => {
    const from = (clientAddress: string, authorization?: string) => metricsAccess({ token: TOKEN, authorization, clientAddress, hostAllowed: false });
    expect(from("203.0.113.7", `Bearer ${TOKEN}`)).toEqual({ allowed: true });
    expect(from("203.0.113.7")).toEqual({ allowed: false, status: 401 });
    expect(from("203.0.113.7", `Basic ${TOKEN}`)).toEqual({ allowed: false, status: 401 });
    expect(from("203.0.113.7", `Bearer ${TOKEN}x`)).toEqual({ allowed: false, status: 403 });
    expect(from("203.0.113.7", `Bearer ${TOKEN.slice(0, -1)}`)).toEqual({ allowed: false, status: 403 });
    // Loopback is no reason to skip the token once one is set.
    expect(from("127.0.0.1")).toEqual({ allowed: false, status: 401 });
  });

  test("without a token: this machine only, and not through a page whose name resolves here", () => {
    const from = (clientAddress: string, hostAllowed = true) => metricsAccess({ token: undefined, authorization: undefined, clientAddress, hostAllowed });
    expect(from("127.0.0.1")).toEqual({ allowed: true });
    expect(from("::1")).toEqual({ allowed: true });
    expect(from("::ffff:127.0.0.1")).toEqual({ allowed: true });
    for (const address of ["10.0.0.5", "192.168.1.20", "203.0.113.7", "::ffff:10.0.0.5", "fd00::1"]) {
      expect(from(address)).toEqual({ allowed: false, status: 404 });
    }
    expect(from("127.0.0.1", false)).toEqual({ allowed: false, status: 404 });
  });

  test("the Host headers that name this machine", () => {
    for (const host of ["localhost:3000", "127.0.0.1:9100", "[::1]:3000", "localhost"]) expect(isLoopbackHostHeader(host)).toBe(true);
    for (const host of ["evil.example:3000", "10.0.0.5:3000", "localhost.evil.example", "", undefined, "bad host"]) expect(isLoopbackHostHeader(host)).toBe(false);
  });
});

import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, vi } from "vitest";
import { logger } from "@/lib/operations/logger.mjs";
import { ConfigError, parseConfig, vapidKeysOf } from "./env";

const valid = {
  AUTH_SECRET: "x".repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
};
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "latchkey-config-"));

test("defaults: embedded SQLite in the data folder, localhost:3000, classic policy", () => {
  const dir = tempDir();
  const config = parseConfig(valid, dir);
  expect(config.DATABASE_URL).toBe(`file:${path.join(dir, "latchkey.db")}`);
  expect(config.APP_URL).toBe("http://localhost:3000");
  expect(config.PORT).toBe(3000);
  expect(config.PASSWORD_POLICY).toBe("classic");
  expect(config.secureCookies).toBe(false);
});

test("PORT moves the default APP_URL; an https APP_URL turns on secure cookies", () => {
  expect(parseConfig({ ...valid, PORT: "4000" }, tempDir()).APP_URL).toBe("http://localhost:4000");
  expect(parseConfig({ ...valid, APP_URL: "https://id.example.com", SMTP_URL: "smtp://mail.example.com" }, tempDir()).secureCookies).toBe(true);
});

test.each([
  [{ AUTH_SECRET: "short" }, "AUTH_SECRET: must be at least 32 characters"],
  [{ ENCRYPTION_KEY: "abc" }, "ENCRYPTION_KEY: must be 32 bytes, base64-encoded"],
  [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL: must start with file:, postgres:// or postgresql://"],
  [{ APP_URL: "ftp://x" }, "APP_URL: must be an http:// or https:// URL"],
  [{ PORT: "http" }, "PORT:"],
  [{ PASSWORD_POLICY: "strong" }, 'PASSWORD_POLICY: must be "classic" or "nist"'],
  [{ RATE_LIMIT_SCALE: "0" }, "RATE_LIMIT_SCALE: must be above 0"],
  [{ SMTP_URL: "http://mail" }, "SMTP_URL: must start with smtp:// or smtps://"],
  [{ REDIS_URL: "localhost:6379" }, "REDIS_URL: must start with redis:// or rediss://"],
  [{ TRUST_PROXY: "true" }, 'TRUST_PROXY: must list the proxies\' addresses, not "true": TRUST_PROXY=loopback'],
  [{ TRUST_PROXY: "10.0.0.0/33" }, 'TRUST_PROXY: "10.0.0.0/33" is not an IP address, a CIDR range or loopback'],
  [{ TRUST_PROXY: "proxy.internal" }, 'TRUST_PROXY: "proxy.internal" is not an IP address'],
  [{ HOST: "0.0.0.0:3000" }, "HOST: must be an IP address to listen on"],
  [{ MAIL_OUTBOX: "yes" }, 'MAIL_OUTBOX: must be "true" or "false"'],
  [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent"],
  [{ METRICS_TOKEN: "short" }, "METRICS_TOKEN: must be at least 32 characters"],
])("refuses to start with %j and says why", (override, message) => {
  expect(() => parseConfig({ ...valid, ...override }, tempDir())).toThrow(ConfigError);
  expect(() => parseConfig({ ...valid, ...override }, tempDir())).toThrow(message);
});

test("missing secrets are generated once, kept with mode 0600, announced in one line", () => {
  const dir = tempDir();
  const info = vi.spyOn(logger, "info").mockImplementation(() => {});
  const first = parseConfig({}, dir);
  const second = parseConfig({}, dir);
  expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  expect(Buffer.from(first.ENCRYPTION_KEY, "base64")).toHaveLength(32);
  expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
  expect(statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).AUTH_SECRET).toBe(first.AUTH_SECRET);
  expect(info).toHaveBeenCalledTimes(1);
  info.mockRestore();
});

test("VAPID keys: generated once as one P-256 pair, kept with mode 0600, or both from the environment", () => {
  const dir = tempDir();
  const info = vi.spyOn(logger, "info").mockImplementation(() => {});
  const config = parseConfig(valid, dir);
  expect(existsSync(path.join(dir, "vapid-keys.json"))).toBe(false);
  const generated = vapidKeysOf(config, dir);
  expect(vapidKeysOf(config, dir)).toEqual(generated);
  expect(info).toHaveBeenCalledTimes(1);
  info.mockRestore();
  expect(Buffer.from(generated.publicKey, "base64url")).toHaveLength(65);
  expect(Buffer.from(generated.privateKey, "base64url")).toHaveLength(32);
  expect(statSync(path.join(dir, "vapid-keys.json")).mode & 0o777).toBe(0o600);
  const pair = { VAPID_PUBLIC_KEY: generated.publicKey, VAPID_PRIVATE_KEY: generated.privateKey };
  const fromEnvironment = tempDir();
  expect(vapidKeysOf(parseConfig({ ...valid, ...pair }, fromEnvironment), fromEnvironment)).toEqual(generated);
  expect(existsSync(path.join(fromEnvironment, "vapid-keys.json"))).toBe(false);
  const other = vapidKeysOf(parseConfig(valid, tempDir()), tempDir());
  expect(() => parseConfig({ ...valid, VAPID_PUBLIC_KEY: pair.VAPID_PUBLIC_KEY }, tempDir())).toThrow("VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both");
  expect(() => parseConfig({ ...valid, ...pair, VAPID_PRIVATE_KEY: other.privateKey }, tempDir())).toThrow("VAPID_PUBLIC_KEY: is not the public key of VAPID_PRIVATE_KEY");
  expect(() => parseConfig({ ...valid, ...pair, VAPID_PUBLIC_KEY: "abc" }, tempDir())).toThrow("VAPID_PUBLIC_KEY: must be an uncompressed P-256 public key");
});

test("the VAPID subject: VAPID_SUBJECT, else the https APP_URL, else the sender's address", () => {
  expect(parseConfig(valid, tempDir()).VAPID_SUBJECT).toBe("mailto:no-reply@localhost");
  expect(parseConfig({ ...valid, APP_URL: "https://id.example.com", SMTP_URL: "smtp://mail.example.com" }, tempDir()).VAPID_SUBJECT).toBe("https://id.example.com");
  expect(parseConfig({ ...valid, VAPID_SUBJECT: "mailto:ops@example.com" }, tempDir()).VAPID_SUBJECT).toBe("mailto:ops@example.com");
  expect(() => parseConfig({ ...valid, VAPID_SUBJECT: "http://example.com" }, tempDir())).toThrow("VAPID_SUBJECT: must be a mailto: address or an https:// URL");
});

test("secrets from the environment win over the generated file", () => {
  const dir = tempDir();
  parseConfig({}, dir);
  expect(parseConfig(valid, dir).AUTH_SECRET).toBe(valid.AUTH_SECRET);
});

test("TRUST_PROXY names proxies: addresses, CIDR ranges and loopback; false or unset trusts none", () => {
  expect(parseConfig({ ...valid, TRUST_PROXY: "loopback, 10.0.0.2,10.0.1.0/24,fd00::/8" }, tempDir()).TRUST_PROXY).toEqual(["loopback", "10.0.0.2", "10.0.1.0/24", "fd00::/8"]);
  expect(parseConfig({ ...valid, TRUST_PROXY: "false" }, tempDir()).TRUST_PROXY).toEqual([]);
  expect(parseConfig(valid, tempDir()).TRUST_PROXY).toEqual([]);
  expect(parseConfig({ ...valid, HOST: "127.0.0.1" }, tempDir()).HOST).toBe("127.0.0.1");
});

/** @see issue 8, item 1: the outbox, readable behind a proxy, handed out every reset link. */
test.each([
  ["http://localhost:3000", true],
  ["http://127.0.0.1:3000", true],
  ["http://127.8.9.10", true],
  ["http://[::1]:3000", true],
  ["http://app.localhost:3000", true],
])("without SMTP_URL the outbox is on for the loopback APP_URL %s", (appUrl, expected) => {
  expect(parseConfig({ ...valid, APP_URL: appUrl }, tempDir()).mailOutbox).toBe(expected);
});

test.each(["https://id.example.com", "http://192.168.1.20:3000", "http://localhost.example.com", "http://127.0.0.1.nip.io"])(
  "without SMTP_URL, the public APP_URL %s refuses to start and says to set SMTP_URL or MAIL_OUTBOX=true",
  (appUrl) => {
    expect(() => parseConfig({ ...valid, APP_URL: appUrl }, tempDir())).toThrow(ConfigError);
    expect(() => parseConfig({ ...valid, APP_URL: appUrl }, tempDir())).toThrow(/SMTP_URL: required to send mail .*set SMTP_URL=smtp:\/\/.*MAIL_OUTBOX=true/);
  },
);

test("MAIL_OUTBOX=true opts in anywhere; SMTP_URL turns the outbox off, and the two together are refused", () => {
  expect(parseConfig({ ...valid, APP_URL: "https://id.example.com", MAIL_OUTBOX: "true" }, tempDir()).mailOutbox).toBe(true);
  expect(parseConfig({ ...valid, SMTP_URL: "smtp://127.0.0.1:2525" }, tempDir()).mailOutbox).toBe(false);
  expect(() => parseConfig({ ...valid, MAIL_OUTBOX: "false" }, tempDir())).toThrow("SMTP_URL: required");
  expect(() => parseConfig({ ...valid, SMTP_URL: "smtp://127.0.0.1:2525", MAIL_OUTBOX: "true" }, tempDir())).toThrow("MAIL_OUTBOX: must not be true while SMTP_URL is set");
});

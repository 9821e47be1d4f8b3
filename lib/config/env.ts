import "server-only";
import { createECDH, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { isLoopbackUrl, parseTrustedProxies } from "@/lib/http/incoming-request.mjs";
import { LOG_LEVELS, logger } from "@/lib/operations/logger.mjs";
import { appUrlFromEnv, isSecureAppUrl } from "./app-url";

/** Where the embedded database and generated secrets live (git-ignored). */
export const DATA_DIR = path.join(process.cwd(), "data");
const MIN_SECRET_LENGTH = 32;

const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^(file:|postgres:\/\/|postgresql:\/\/)/, "must start with file:, postgres:// or postgresql://"),
  AUTH_SECRET: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`),
  ENCRYPTION_KEY: z.string().refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64-encoded"),
  APP_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }),
  PORT: z.coerce.number().int().min(1).max(65535),
  PASSWORD_POLICY: z.enum(["classic", "nist"], { error: 'must be "classic" or "nist"' }),
  /** The proxies whose X-Forwarded-For is believed; scripts/server.mjs applies it. */
  TRUST_PROXY: z.string().transform((value, context) => {
    try {
      return parseTrustedProxies(value);
    } catch (error) {
      context.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  }),
  /** The address scripts/server.mjs listens on; unset, every interface. */
  HOST: z
    .string()
    .refine((value) => isIP(value) !== 0 || value === "localhost", "must be an IP address to listen on, e.g. 127.0.0.1 (or unset for every interface)")
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_OUTBOX: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).optional(),
  MAIL_FROM: z.string().min(3, "must be an address, e.g. Latchkey <no-reply@example.com>"),
  RATE_LIMIT_SCALE: z.coerce.number({ error: "must be a number" }).positive("must be above 0").max(1000, "must be at most 1000"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS as [string, ...string[]], { error: `must be one of ${LOG_LEVELS.join(", ")}` }),
  /** The bearer token /metrics asks for (scripts/server.mjs); unset, /metrics answers loopback only. */
  METRICS_TOKEN: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -base64 32)`).optional(),
  /** The VAPID key pair that signs Web Push requests (lib/push): P-256, base64url, as browsers take them. */
  VAPID_PUBLIC_KEY: z
    .string()
    .refine((value) => isVapidPublicKey(value), "must be an uncompressed P-256 public key, base64url (65 bytes; npx web-push generate-vapid-keys)")
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64url").length === 32, "must be a P-256 private key, base64url (32 bytes)")
    .optional(),
  /**
   * Development only: webhooks (and push) may go to http:// and loopback addresses, for a
   * receiver on this machine (docs/decisions/0024-webhook-destinations.md). Nothing else private.
   */
  WEBHOOKS_ALLOW_LOOPBACK: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).transform((value) => value === "true"),
  /** Who push services may contact about Latchkey's messages. */
  VAPID_SUBJECT: z.string().refine((value) => /^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(value), "must be a mailto: address or an https:// URL"),
});

export type AppConfig = z.infer<typeof envSchema> & {
  appOrigin: string;
  secureCookies: boolean;
  /** Mail is kept in the outbox (/outbox) instead of being sent. */
  mailOutbox: boolean;
};

export class ConfigError extends Error {}

const CONFIG_ERROR_TITLE = "Latchkey cannot start: invalid configuration";

type GeneratedSecrets = { AUTH_SECRET: string; ENCRYPTION_KEY: string };
type GeneratedVapidKeys = { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string };

/**
 * Secrets missing from the environment are generated once and kept in a file of the data
 * folder (mode 0600). Several instances must share them: set them in the environment instead.
 */
function readOrCreateSecretFile<T extends Record<string, string>>(dataDir: string, fileName: string, generate: () => T): T {
  const secretsFile = path.join(dataDir, fileName);
  try {
    return JSON.parse(readFileSync(secretsFile, "utf8")) as T;
  } catch {
    const secrets = generate();
    mkdirSync(dataDir, { recursive: true });
    try {
      // "wx": when two processes start at once, the second one reads the first one's file.
      writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { flag: "wx", mode: 0o600 });
      chmodSync(secretsFile, 0o600);
      logger.info(`generated ${Object.keys(secrets).join(" and ")} in ${secretsFile} (set them in the environment to share them between instances)`);
      return secrets;
    } catch {
      return JSON.parse(readFileSync(secretsFile, "utf8")) as T;
    }
  }
}

function generateSecrets(): GeneratedSecrets {
  return { AUTH_SECRET: randomBytes(32).toString("base64url"), ENCRYPTION_KEY: randomBytes(32).toString("base64") };
}

function generateVapidKeys(): GeneratedVapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { VAPID_PUBLIC_KEY: ecdh.getPublicKey("base64url"), VAPID_PRIVATE_KEY: ecdh.getPrivateKey().toString("base64url") };
}

function isVapidPublicKey(value: string): boolean {
  const key = Buffer.from(value, "base64url");
  return key.length === 65 && key[0] === 0x04;
}

/** The public key a private key makes, or null when it is not a P-256 private key. */
function vapidPublicKeyOf(privateKey: string): string | null {
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(privateKey, "base64url"));
    return ecdh.getPublicKey("base64url");
  } catch {
    return null;
  }
}

/** Without VAPID_SUBJECT: the https APP_URL, else the address of MAIL_FROM. */
function defaultVapidSubject(appUrl: string, mailFrom: string): string {
  if (isSecureAppUrl(appUrl) && URL.canParse(appUrl)) return new URL(appUrl).origin;
  return `mailto:${/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()}`;
}

export function parseConfig(env: Record<string, string | undefined>, dataDir = DATA_DIR): AppConfig {
  const needsGenerated = !env.AUTH_SECRET || !env.ENCRYPTION_KEY;
  const generated = needsGenerated ? readOrCreateSecretFile(dataDir, "secrets.json", generateSecrets) : null;
  if (Boolean(env.VAPID_PUBLIC_KEY) !== Boolean(env.VAPID_PRIVATE_KEY)) {
    throw new ConfigError(
      `${CONFIG_ERROR_TITLE}\n  VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both (one key pair), or neither to generate them into ${path.join(dataDir, "vapid-keys.json")}`,
    );
  }
  const port = env.PORT || "3000";
  const appUrlText = appUrlFromEnv(env);
  const mailFrom = env.MAIL_FROM || "Latchkey <no-reply@localhost>";
  const result = envSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL || `file:${path.join(dataDir, "latchkey.db")}`,
    AUTH_SECRET: env.AUTH_SECRET || generated?.AUTH_SECRET,
    ENCRYPTION_KEY: env.ENCRYPTION_KEY || generated?.ENCRYPTION_KEY,
    APP_URL: appUrlText,
    PORT: port,
    PASSWORD_POLICY: env.PASSWORD_POLICY || "classic",
    TRUST_PROXY: env.TRUST_PROXY || "",
    HOST: env.HOST || undefined,
    SMTP_URL: env.SMTP_URL || undefined,
    MAIL_OUTBOX: env.MAIL_OUTBOX || undefined,
    MAIL_FROM: mailFrom,
    REDIS_URL: env.REDIS_URL || undefined,
    RATE_LIMIT_SCALE: env.RATE_LIMIT_SCALE || "1",
    LOG_LEVEL: (env.LOG_LEVEL || "info").trim().toLowerCase(),
    METRICS_TOKEN: env.METRICS_TOKEN || undefined,
    VAPID_PUBLIC_KEY: env.VAPID_PUBLIC_KEY || undefined,
    VAPID_PRIVATE_KEY: env.VAPID_PRIVATE_KEY || undefined,
    WEBHOOKS_ALLOW_LOOPBACK: env.WEBHOOKS_ALLOW_LOOPBACK || "false",
    VAPID_SUBJECT: env.VAPID_SUBJECT || defaultVapidSubject(appUrlText, mailFrom),
  });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`${CONFIG_ERROR_TITLE}\n${lines.join("\n")}`);
  }
  if (result.data.VAPID_PRIVATE_KEY && vapidPublicKeyOf(result.data.VAPID_PRIVATE_KEY) !== result.data.VAPID_PUBLIC_KEY) {
    throw new ConfigError(`${CONFIG_ERROR_TITLE}\n  VAPID_PUBLIC_KEY: is not the public key of VAPID_PRIVATE_KEY`);
  }
  const appUrl = new URL(result.data.APP_URL);
  return { ...result.data, appOrigin: appUrl.origin, secureCookies: isSecureAppUrl(result.data.APP_URL), mailOutbox: mailOutboxOf(result.data) };
}

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/**
 * The key pair that signs Web Push requests: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or a
 * pair generated once into data/vapid-keys.json the first time push is used. Browsers tie a
 * subscription to the public key: a new pair leaves every device subscribed so far unreachable.
 */
export function vapidKeysOf(config: AppConfig, dataDir = DATA_DIR): VapidKeys {
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY } = config.VAPID_PUBLIC_KEY ? config : readOrCreateSecretFile(dataDir, "vapid-keys.json", generateVapidKeys);
  return { publicKey: VAPID_PUBLIC_KEY!, privateKey: VAPID_PRIVATE_KEY!, subject: config.VAPID_SUBJECT };
}

/**
 * The outbox shows every reset link to whoever can open /outbox, so it is a development
 * feature: on by itself only without SMTP on a loopback APP_URL, elsewhere only when asked
 * for with MAIL_OUTBOX=true. Without either, mail would have nowhere to go: refuse to start.
 */
function mailOutboxOf({ SMTP_URL, MAIL_OUTBOX, APP_URL }: { SMTP_URL?: string; MAIL_OUTBOX?: "true" | "false"; APP_URL: string }): boolean {
  if (SMTP_URL) {
    if (MAIL_OUTBOX === "true") throw new ConfigError(`${CONFIG_ERROR_TITLE}\n  MAIL_OUTBOX: must not be true while SMTP_URL is set (mail goes to SMTP_URL)`);
    return false;
  }
  if (MAIL_OUTBOX === "true" || (MAIL_OUTBOX === undefined && isLoopbackUrl(APP_URL))) return true;
  throw new ConfigError(
    `${CONFIG_ERROR_TITLE}\n  SMTP_URL: required to send mail from ${new URL(APP_URL).origin}: set SMTP_URL=smtp://user:pass@host:587 ` +
      "(or MAIL_OUTBOX=true to keep mail in the outbox at /outbox, readable from this machine only)",
  );
}

let cached: AppConfig | undefined;
let cachedVapidKeys: VapidKeys | undefined;

/** This process's VAPID keys (vapidKeysOf the configuration). */
export function getVapidKeys(): VapidKeys {
  cachedVapidKeys ??= vapidKeysOf(getConfig());
  return cachedVapidKeys;
}

/** The validated configuration; throws ConfigError with a readable message when invalid. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

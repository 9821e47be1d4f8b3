import "server-only";
import { randomBytes } from "node:crypto";
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

/**
 * Secrets missing from the environment are generated once and kept in data/secrets.json
 * (mode 0600). Several instances must share them: set them in the environment instead.
 */
function readOrCreateSecrets(dataDir: string): GeneratedSecrets {
  const secretsFile = path.join(dataDir, "secrets.json");
  try {
    return JSON.parse(readFileSync(secretsFile, "utf8")) as GeneratedSecrets;
  } catch {
    const secrets: GeneratedSecrets = {
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    };
    mkdirSync(dataDir, { recursive: true });
    try {
      // "wx": when two processes start at once, the second one reads the first one's file.
      writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { flag: "wx", mode: 0o600 });
      chmodSync(secretsFile, 0o600);
      logger.info(`generated AUTH_SECRET and ENCRYPTION_KEY in ${secretsFile} (set them in the environment to share them between instances)`);
      return secrets;
    } catch {
      return JSON.parse(readFileSync(secretsFile, "utf8")) as GeneratedSecrets;
    }
  }
}

export function parseConfig(env: Record<string, string | undefined>, dataDir = DATA_DIR): AppConfig {
  const needsGenerated = !env.AUTH_SECRET || !env.ENCRYPTION_KEY;
  const generated = needsGenerated ? readOrCreateSecrets(dataDir) : null;
  const port = env.PORT || "3000";
  const result = envSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL || `file:${path.join(dataDir, "latchkey.db")}`,
    AUTH_SECRET: env.AUTH_SECRET || generated?.AUTH_SECRET,
    ENCRYPTION_KEY: env.ENCRYPTION_KEY || generated?.ENCRYPTION_KEY,
    APP_URL: appUrlFromEnv(env),
    PORT: port,
    PASSWORD_POLICY: env.PASSWORD_POLICY || "classic",
    TRUST_PROXY: env.TRUST_PROXY || "",
    HOST: env.HOST || undefined,
    SMTP_URL: env.SMTP_URL || undefined,
    MAIL_OUTBOX: env.MAIL_OUTBOX || undefined,
    MAIL_FROM: env.MAIL_FROM || "Latchkey <no-reply@localhost>",
    REDIS_URL: env.REDIS_URL || undefined,
    RATE_LIMIT_SCALE: env.RATE_LIMIT_SCALE || "1",
    LOG_LEVEL: (env.LOG_LEVEL || "info").trim().toLowerCase(),
    METRICS_TOKEN: env.METRICS_TOKEN || undefined,
  });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`${CONFIG_ERROR_TITLE}\n${lines.join("\n")}`);
  }
  const appUrl = new URL(result.data.APP_URL);
  return { ...result.data, appOrigin: appUrl.origin, secureCookies: isSecureAppUrl(result.data.APP_URL), mailOutbox: mailOutboxOf(result.data) };
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

/** The validated configuration; throws ConfigError with a readable message when invalid. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

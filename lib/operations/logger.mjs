// Latchkey's one logger: JSON lines on stdout (pino), human-readable when stdout is a terminal.
// Plain JavaScript so that scripts/server.mjs loads it without a build; Next.js's bundles and the
// REST API bundle import it too and get the same logger through globalThis.
import pino from "pino";
import pretty from "pino-pretty";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * LOG_LEVEL, or "info" when unset. lib/config/env.ts refuses any other value at start.
 * @param {string | undefined} value
 */
export function logLevelOf(value) {
  const level = (value ?? "").trim().toLowerCase();
  return LOG_LEVELS.includes(level) ? level : "info";
}

/**
 * Keeps the first letter and the domain: enough to tell two addresses apart in a log, not
 * enough to learn them (a log is read by more people than the user table).
 * @param {string} email
 */
export function maskEmail(email) {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

function createLogger() {
  const options = {
    level: logLevelOf(process.env.LOG_LEVEL),
    base: { pid: process.pid },
    // A last line of defence: fields that hold secrets never reach the output, whoever logs them.
    redact: { paths: ["password", "token", "secret", "code", "authorization", "cookie"], censor: "[redacted]" },
  };
  if (process.stdout.isTTY) return pino(options, pretty({ colorize: true, sync: true, ignore: "pid" }));
  return pino(options);
}

const LOGGER = Symbol.for("latchkey.logger");
const shared = /** @type {Record<symbol, import("pino").Logger | undefined>} */ (/** @type {unknown} */ (globalThis));

/** @type {import("pino").Logger} */
export const logger = (shared[LOGGER] ??= createLogger());

/**
 * An error's name and message (and stack at debug level) for a log line's fields.
 * @param {unknown} error
 */
export function errorFields(error) {
  if (!(error instanceof Error)) return { error: "unknown error" };
  return { error: `${error.name}: ${error.message}`, ...(logger.isLevelEnabled("debug") && error.stack ? { stack: error.stack } : {}) };
}

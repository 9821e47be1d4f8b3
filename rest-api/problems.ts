// Every refusal /api/v1 sends is an RFC 9457 problem (application/problem+json), built here,
// and every AppError code maps to its HTTP status in this one table.
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import { databaseUnavailableErrorOf } from "@/lib/db/database-unavailable";
import { AppError, type ErrorCode } from "@/lib/errors";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/http/database-outage.mjs";
import { RateLimitedError } from "@/lib/rate-limit/limit";
import { logger } from "@/lib/operations/logger.mjs";

export type Problem = { type: string; title: string; status: number; detail: string; errors?: Record<string, string[]> };

const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The problem types, each explained on /api/docs under its anchor. */
export const PROBLEM_TYPES = {
  unauthenticated: { status: 401, title: "Unauthenticated", about: "No valid API key: send `Authorization: Bearer <key>` with a key that exists, works and has not expired." },
  forbidden: { status: 403, title: "Forbidden", about: "The key's access level, or its creator's current role, does not allow this call." },
  "not-found": { status: 404, title: "Not found", about: "Nothing with that id exists in the key's organization." },
  conflict: { status: 409, title: "Conflict", about: "The resource's state does not allow this change (already revoked, last Owner, already invited)." },
  "bad-request": { status: 400, title: "Bad request", about: "The body is not JSON." },
  "payload-too-large": { status: 413, title: "Payload too large", about: "The body is larger than the API accepts." },
  "unsupported-media-type": { status: 415, title: "Unsupported media type", about: "Send the body as `application/json`." },
  "invalid-input": { status: 422, title: "Invalid input", about: "A field is missing, unknown or invalid; `errors` lists the messages per field." },
  "rate-limited": {
    status: 429,
    title: "Too many requests",
    about: "The key's requests per minute, or the failed authentications from this address, are used up. Wait `Retry-After` seconds.",
  },
  "internal-error": { status: 500, title: "Internal error", about: "Latchkey failed; nothing was changed. Try again." },
  "database-unavailable": {
    status: 503,
    title: "Service unavailable",
    about: "Latchkey can't reach its database. Wait `Retry-After` seconds and try again; a change whose answer was lost may or may not have been made, so read it back first.",
  },
} as const satisfies Record<string, { status: number; title: string; about: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

const TYPE_OF_CODE: Record<ErrorCode, ProblemType> = {
  INVALID_INPUT: "invalid-input",
  UNAUTHENTICATED: "unauthenticated",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not-found",
  CONFLICT: "conflict",
  RATE_LIMITED: "rate-limited",
  STEP_UP_REQUIRED: "forbidden",
  CROSS_SITE: "forbidden",
};

// The domain names fields as the pages' forms do; the API's bodies name them like this.
const API_FIELD_NAMES: Record<string, string> = { roleId: "role", emails: "email", companyIds: "companies", companyAccess: "companies" };

function apiFieldErrors(fieldErrors: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (!fieldErrors) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) (out[API_FIELD_NAMES[field] ?? field] ??= []).push(...messages);
  return out;
}

/**
 * A failed schema as `{ field: [messages] }`: nested fields by their dotted path, each unknown
 * field by its name, and what concerns the body as a whole under "body".
 */
export function validationErrors(error: z.ZodError): Record<string, string[]> {
  // No prototype: a field named "__proto__" or "constructor" is just a name here.
  const errors: Record<string, string[]> = Object.create(null);
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) add(key.slice(0, 100), "This field is not part of the request. Remove it.");
    else add(issue.path.length > 0 ? issue.path.map(String).join(".") : "body", issue.path.length > 0 ? issue.message : "Send a JSON object with the documented fields.");
  }
  return errors;
}

/** A problem answer before it is a web Response: what rest-api/handler.ts writes straight to Node. */
export type ProblemAnswer = { status: number; headers: Record<string, string>; body: string };

type ProblemOptions = { errors?: Record<string, string[]>; headers?: Record<string, string> };

export function problemAnswer(type: ProblemType, detail: string, { errors, headers }: ProblemOptions = {}): ProblemAnswer {
  const { status, title } = PROBLEM_TYPES[type];
  const body: Problem = { type: `/api/docs#problem-${type}`, title, status, detail, ...(errors ? { errors } : {}) };
  return { status, headers: { "Content-Type": PROBLEM_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function asResponse({ status, headers, body }: ProblemAnswer): Response {
  return new Response(body, { status, headers });
}

export function problemResponse(type: ProblemType, detail: string, options: ProblemOptions = {}): Response {
  return asResponse(problemAnswer(type, detail, options));
}

/** 401 for every refused key alike, so the answer never tells which part was wrong. */
export function unauthenticated(detail = "Send a valid API key as `Authorization: Bearer <key>`."): ProblemAnswer {
  return problemAnswer("unauthenticated", detail, { headers: { "WWW-Authenticate": 'Bearer realm="latchkey"' } });
}

/** The one place where a thrown error becomes an answer; an unexpected one is logged, never echoed. */
export function problemForError(error: unknown): ProblemAnswer {
  if (databaseUnavailableErrorOf(error)) {
    return problemAnswer("database-unavailable", "Latchkey can't reach its database. Try again in a moment.", {
      headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
  if (error instanceof RateLimitedError) return problemAnswer("rate-limited", error.message, { headers: { "Retry-After": String(error.retryAfterSeconds) } });
  if (error instanceof AppError) {
    // An unknown role or date named in the body is a field error, not a missing resource.
    const type = error.code === "NOT_FOUND" && error.fieldErrors ? "invalid-input" : TYPE_OF_CODE[error.code];
    return problemAnswer(type, error.message, { errors: apiFieldErrors(error.fieldErrors) });
  }
  if (error instanceof HTTPException) {
    if (error.status === 413) return problemAnswer("payload-too-large", "The request body is too large.");
    if (error.status === 415) return problemAnswer("unsupported-media-type", "Send the body as application/json.");
    if (error.status === 400) return problemAnswer("bad-request", "The request body is not valid JSON.");
  }
  logger.error({ stack: error instanceof Error ? error.stack : undefined }, `api error: ${error instanceof Error ? error.message : "unknown error"}`);
  return problemAnswer("internal-error", "Something went wrong on our side. Nothing was changed; try again.");
}

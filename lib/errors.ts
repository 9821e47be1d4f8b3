// One error type and one action result shape for every server action and domain function.
import type { z } from "zod";
import { fieldErrorsOf } from "@/lib/validation/fields";

export type ErrorCode = "INVALID_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "RATE_LIMITED" | "STEP_UP_REQUIRED" | "CROSS_SITE";

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: "Check the highlighted fields and try again.",
  UNAUTHENTICATED: "Your session has ended. Sign in again.",
  FORBIDDEN: "You don't have permission to do that.",
  NOT_FOUND: "That doesn't exist or was removed.",
  CONFLICT: "That changed in the meantime. Reload the page and try again.",
  RATE_LIMITED: "Too many attempts. Wait a moment and try again.",
  STEP_UP_REQUIRED: "Confirm it's you to continue.",
  CROSS_SITE: "This request came from another site and was refused. Open Latchkey directly and try again.",
};

/**
 * The digest of a failure to reach the database (lib/db/database-unavailable.ts): error.tsx
 * shows the outage page for it. Here because error pages run in the browser.
 */
export const DATABASE_UNAVAILABLE_DIGEST = "LATCHKEY_DATABASE_UNAVAILABLE";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGES[code],
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export type ActionFailure = {
  ok: false;
  code: ErrorCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
  /** What the user typed (never passwords), to refill the form after it resets. */
  fields?: Record<string, string>;
};

export type ActionResult<T = undefined> = { ok: true; data: T; message?: string } | ActionFailure;

const ECHO_MAX_LENGTH = 1000;

/** The named text fields of a submission, for refilling a form; files and passwords are never echoed. */
export function echoFields(formData: FormData, names: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of names) {
    const value = formData.get(name);
    if (typeof value === "string") fields[name] = value.slice(0, ECHO_MAX_LENGTH);
  }
  return fields;
}

export function invalidInput(error: z.ZodError): ActionFailure {
  return { ok: false, code: "INVALID_INPUT", message: DEFAULT_MESSAGES.INVALID_INPUT, fieldErrors: fieldErrorsOf(error) };
}

/** Expected failures become a result the form can show; anything else is a bug and is rethrown. */
export function toActionError(error: unknown): ActionFailure {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  throw error;
}

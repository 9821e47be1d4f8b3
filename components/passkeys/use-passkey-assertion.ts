"use client";

import { startAuthentication, WebAuthnError } from "@simplewebauthn/browser";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import type { ActionResult } from "@/lib/errors";

export type AssertionOutcome = { ok: true; response: string } | { ok: false; message: string };

/**
 * Asks the server for options, runs the browser's passkey prompt, and returns the assertion
 * as JSON for the action that verifies it.
 */
export async function getPasskeyAssertion(
  options: (previous: null, formData: FormData) => Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>>,
  { autofill = false }: { autofill?: boolean } = {},
): Promise<AssertionOutcome> {
  const result = await options(null, new FormData());
  if (!result.ok) return { ok: false, message: result.message };
  try {
    const response = await startAuthentication({ optionsJSON: result.data, useBrowserAutofill: autofill });
    return { ok: true, response: JSON.stringify(response) };
  } catch (error) {
    const cancelled = error instanceof WebAuthnError && error.code === "ERROR_CEREMONY_ABORTED";
    const notAllowed = error instanceof Error && error.name === "NotAllowedError";
    return { ok: false, message: cancelled || notAllowed ? "The passkey prompt was closed. Try again when you're ready." : "Your browser couldn't use a passkey. Try again." };
  }
}

"use client";

import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill } from "@simplewebauthn/browser";
import { startTransition, useActionState, useCallback, useEffect, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { getPasskeyAssertion } from "@/components/passkeys/use-passkey-assertion";
import { Button } from "@/components/ui/button";
import { passkeySignInAction, passkeySignInOptionsAction } from "../actions";

/**
 * "Sign in with a passkey" (no email typed), and passkey autofill on the Email field where
 * the browser offers it (WebAuthn conditional mediation).
 */
export function PasskeySignIn({ next }: { next: string }) {
  const [state, action, pending] = useActionState(passkeySignInAction, null);
  const [supported, setSupported] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = useCallback(
    (response: string) => {
      const formData = new FormData();
      formData.set("passkeyResponse", response);
      formData.set("next", next);
      startTransition(() => action(formData));
    },
    [action, next],
  );

  useEffect(() => {
    setSupported(browserSupportsWebAuthn());
    let cancelled = false;
    void browserSupportsWebAuthnAutofill().then(async (autofill) => {
      if (!autofill || cancelled) return;
      const outcome = await getPasskeyAssertion(passkeySignInOptionsAction, { autofill: true });
      // A closed autofill prompt is no error: the person may type a password instead.
      if (outcome.ok && !cancelled) submit(outcome.response);
    });
    return () => {
      cancelled = true;
    };
    // Once per page (`action` is stable, `next` is the page's): re-running would start a second autofill ceremony.
  }, [submit]);

  if (!supported) return null;
  return (
    <div className="mt-4 space-y-2">
      <div className="flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
        or
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        disabled={pending}
        onClick={async () => {
          setError(null);
          const outcome = await getPasskeyAssertion(passkeySignInOptionsAction);
          if (outcome.ok) submit(outcome.response);
          else setError(outcome.message);
        }}
      >
        {pending ? "Signing in…" : "Sign in with a passkey"}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <FormMessage state={state} />
    </div>
  );
}

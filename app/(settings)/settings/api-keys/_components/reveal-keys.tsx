"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { useStepUp } from "@/components/step-up/use-step-up";
import type { ActionResult } from "@/lib/errors";
import { revealApiKeysAction, type ShownKey } from "../actions";
import { ShownSecret } from "@/components/forms/shown-secret";

/** How long revealed secrets stay on screen. */
export const REVEAL_VISIBLE_MS = 60_000;

const LINK = "font-medium text-blue-700 underline-offset-4 hover:underline dark:text-blue-400";

/**
 * "View API keys": asks for a second factor (TOTP or a passkey), then shows the secrets the
 * person may see for 60 seconds. The secrets live only in this component's state, never in
 * the action's remembered result, and are dropped when the time is up.
 */
export function RevealKeys({ organizationId, method }: { organizationId: string; method: "totp" | "passkey" | null }) {
  const [keys, setKeys] = useState<ShownKey[] | null>(null);
  const [hidden, setHidden] = useState(false);
  const [state, action] = useActionState(async (previous: ActionResult<ShownKey[]> | null, formData: FormData) => {
    const result = await revealApiKeysAction(previous, formData);
    if (!result.ok) return result;
    setKeys(result.data);
    setHidden(false);
    return { ...result, data: [] };
  }, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog, visibleState } = useStepUp(state, form, method ?? "totp");

  useEffect(() => {
    if (!keys) return;
    const timer = setTimeout(() => {
      setKeys(null);
      setHidden(true);
    }, REVEAL_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [keys]);

  if (!method) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Viewing secrets again asks for a second factor.{" "}
        <Link href="/settings/security" className={LINK}>
          Set up two-factor authentication
        </Link>{" "}
        or{" "}
        <Link href="/settings/passkeys" className={LINK}>
          add a passkey
        </Link>{" "}
        first.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <form ref={form} action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="organizationId" value={organizationId} />
        <SubmitButton variant="secondary" pendingLabel="Checking…">
          View API keys
        </SubmitButton>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">Asks for your {method === "totp" ? "authenticator code" : "passkey"}; shows the secrets for 60 seconds.</span>
      </form>
      {keys ? (
        <>
          <p role="status" className="text-sm text-green-800 dark:text-green-400">
            {keys.length === 0
              ? "There are no API keys you can view."
              : `${keys.length === 1 ? "1 secret" : `${keys.length} secrets`} shown for 60 seconds. Everyone who can see the audit log sees that you viewed them.`}
          </p>
          {keys.length > 0 ? (
            <ul aria-label="API key secrets" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
              {keys.map((key) => (
                <li key={key.id}>
                  <ShownSecret label={key.description} value={key.key} />
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p role="status" className="text-sm text-zinc-600 empty:sr-only dark:text-zinc-400">
          {hidden ? "The secrets are hidden again. Select “View API keys” to see them once more." : null}
        </p>
      )}
      <FormMessage state={visibleState && !visibleState.ok ? visibleState : null} />
      {dialog}
    </div>
  );
}

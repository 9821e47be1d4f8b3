"use client";

import { useState } from "react";
import { Input } from "@/components/ui/input";
import { passwordRules, type PasswordPolicyName } from "@/lib/validation/password-rules";

type Props = {
  policy: PasswordPolicyName;
  /** Under the NIST policy, accounts with a second factor may use shorter passwords. */
  hasSecondFactor?: boolean;
  errors?: Record<string, string[]>;
  passwordLabel?: string;
  confirmLabel?: string;
};

/** New password + confirmation, with a live checklist of the policy's rules. */
export function NewPasswordFields({ policy, hasSecondFactor, errors, passwordLabel = "Password", confirmLabel = "Confirm password" }: Props) {
  const [password, setPassword] = useState("");
  // Controlled like the password: React empties uncontrolled fields after every submit, and a
  // form sent again after a step-up must still carry the confirmation.
  const [confirmation, setConfirmation] = useState("");
  const rules = passwordRules(policy, { hasSecondFactor });
  const passwordError = errors?.password?.[0];
  const confirmError = errors?.confirmPassword?.[0];
  return (
    <>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium">
          {passwordLabel}
        </label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={`password-rules${passwordError ? " password-error" : ""}`}
        />
        <ul id="password-rules" aria-label="Password requirements" className="space-y-0.5 text-xs">
          {rules.map((rule) => {
            const met = rule.test(password);
            return (
              <li key={rule.id} className={met ? "text-green-800 dark:text-green-400" : "text-zinc-600 dark:text-zinc-400"} data-met={met}>
                <span aria-hidden="true">{met ? "✓" : "○"} </span>
                {rule.label}
                <span className="sr-only">{met ? " (met)" : " (not met)"}</span>
              </li>
            );
          })}
        </ul>
        {/* Announces progress without re-reading the whole list on every keystroke. */}
        <p aria-live="polite" className="sr-only">
          {password ? `${rules.filter((rule) => rule.test(password)).length} of ${rules.length} password requirements met` : ""}
        </p>
        {passwordError ? (
          <p id="password-error" className="text-sm text-red-700 dark:text-red-400">
            {passwordError}
          </p>
        ) : null}
      </div>
      <div className="space-y-1.5">
        <label htmlFor="confirmPassword" className="block text-sm font-medium">
          {confirmLabel}
        </label>
        <Input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          aria-invalid={confirmError ? true : undefined}
          aria-describedby={confirmError ? "confirmPassword-error" : undefined}
        />
        {confirmError ? (
          <p id="confirmPassword-error" className="text-sm text-red-700 dark:text-red-400">
            {confirmError}
          </p>
        ) : null}
      </div>
    </>
  );
}

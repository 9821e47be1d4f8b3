"use client";

import { SubmitButton } from "@/components/forms/submit-button";

/** "Sign out", as the settings menu does it, for someone who opened another address's invitation. */
export function SignOutForm({ signOut }: { signOut: (formData: FormData) => void }) {
  return (
    <form action={signOut}>
      <SubmitButton pendingLabel="Signing out…" variant="secondary">
        Sign out
      </SubmitButton>
    </form>
  );
}

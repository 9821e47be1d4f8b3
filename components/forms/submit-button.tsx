"use client";

import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";

/** Disabled with a busy label while its form's action runs. */
export function SubmitButton({ children, pendingLabel, variant }: { children: string; pendingLabel: string; variant?: "primary" | "danger" | "secondary" }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : children}
    </Button>
  );
}

"use client";

import { useActionState, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import { deleteRoleAction } from "../actions";

export function DeleteRoleButton({ organizationId, roleId, name }: { organizationId: string; roleId: string; name: string }) {
  const [state, action, pending] = useActionState(deleteRoleAction, null);
  const form = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="space-y-2">
      <form ref={form} action={action}>
        <input type="hidden" name="organizationId" value={organizationId} />
        <input type="hidden" name="roleId" value={roleId} />
        <Button type="button" variant="danger" disabled={pending} onClick={() => setConfirming(true)} aria-label={`Delete role ${name}`}>
          {pending ? "Deleting…" : "Delete"}
        </Button>
      </form>
      <FormMessage state={state} />
      <ConfirmDialog
        open={confirming}
        title={`Delete role ${name}?`}
        confirmLabel="Delete role"
        onClose={() => setConfirming(false)}
        onConfirm={() => form.current?.requestSubmit()}
      >
        The role disappears from the organization. A role that members hold can&apos;t be deleted: give them another role first.
      </ConfirmDialog>
    </div>
  );
}

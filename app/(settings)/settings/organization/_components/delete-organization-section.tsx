"use client";

import { useActionState, useRef, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { TypedConfirmationField, TypedConfirmSubmit } from "@/components/forms/typed-confirmation";
import { useStepUp } from "@/components/step-up/use-step-up";
import { Button } from "@/components/ui/button";
import type { StepUpMethod } from "@/lib/auth/step-up-method";
import type { OrganizationDeletionImpact } from "@/lib/organizations/organizations";
import { deleteOrganizationAction } from "../actions";

type Props = { organizationId: string; name: string; slug: string; impact: OrganizationDeletionImpact; stepUpMethod: StepUpMethod };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Consequences first, then the typed slug, then step-up, then deletion. */
export function DeleteOrganizationSection({ organizationId, name, slug, impact, stepUpMethod }: Props) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [state, action] = useActionState(deleteOrganizationAction, null);
  const form = useRef<HTMLFormElement>(null);
  const { dialog: stepUpDialog, visibleState } = useStepUp(state, form, stepUpMethod);
  const errors = visibleState && !visibleState.ok ? visibleState.fieldErrors : undefined;
  return (
    <div className="mt-2">
      <h3 className="font-medium">Delete organization</h3>
      <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">Permanently delete {name}, its members&apos; access, invitations, roles, companies and audit log.</p>
      <Button type="button" variant="danger" onClick={() => setOpen(true)}>
        Delete organization
      </Button>
      <ModalDialog open={open} onClose={() => setOpen(false)} title={`Delete ${name}?`} width="max-w-md">
        <ul className="-mt-1 list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
          <li>{plural(impact.memberCount, "member")} lose access to it, you included.</li>
          <li>{impact.pendingInvitationCount > 0 ? `${plural(impact.pendingInvitationCount, "pending invitation")} stop working.` : "No invitations are pending."}</li>
          <li>
            {impact.companyCount > 0 ? `${plural(impact.companyCount, "company")}, the custom roles and the audit log are deleted.` : "Its custom roles and audit log are deleted."}
          </li>
          <li>This can&apos;t be undone.</li>
        </ul>
        <form ref={form} action={action} className="mt-4 space-y-4" noValidate>
          <input type="hidden" name="organizationId" value={organizationId} />
          <TypedConfirmationField id="delete-organization-confirmation" expected={slug} value={typed} onChange={setTyped} errors={errors?.confirmation} />
          <FormMessage state={visibleState} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <TypedConfirmSubmit matches={typed.trim() === slug} label="Delete organization" pendingLabel="Deleting…" />
          </div>
        </form>
      </ModalDialog>
      {stepUpDialog}
    </div>
  );
}

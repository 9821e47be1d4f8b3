"use client";

import { usePathname } from "next/navigation";
import { useRef, useState } from "react";
import { ModalDialog } from "@/components/forms/modal-dialog";
import { useMenuButton } from "@/components/ui/use-menu-button";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import { CreateOrganizationForm } from "./create-organization-form";

type Organization = { id: string; name: string; roleName: string };
type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

type Props = {
  current: Organization | null;
  organizations: Organization[];
  switchAction: Action;
  createAction: Action;
};

const ITEM =
  "flex w-full items-center gap-2 rounded px-3 py-2 text-left text-sm outline-none hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";

/**
 * A button naming the current organization; a menu of every organization with the person's
 * role, a check on the current one, and "Create organization", which opens a dialog.
 */
export function OrganizationSwitcher({ current, organizations, switchAction, createAction }: Props) {
  const { open, close, triggerProps, menuProps } = useMenuButton();
  const [creating, setCreating] = useState(false);
  const switchForm = useRef<HTMLFormElement>(null);
  const chosen = useRef<HTMLInputElement>(null);
  const pathname = usePathname();

  const switchTo = (organizationId: string) => {
    close();
    if (organizationId === current?.id || !chosen.current) return;
    chosen.current.value = organizationId;
    switchForm.current?.requestSubmit();
  };

  return (
    <div className="relative px-1">
      <button
        {...triggerProps}
        className="flex w-full items-center justify-between gap-2 rounded-md border border-zinc-300 bg-white px-3 py-2 text-left text-sm focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:bg-zinc-900"
      >
        <span className="min-w-0">
          <span className="sr-only">Organization: </span>
          <span className="block truncate font-medium">{current?.name ?? "No organization"}</span>
          {current ? <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{current.roleName}</span> : null}
        </span>
        <span aria-hidden="true" className="text-zinc-500">
          ▾
        </span>
      </button>
      {open ? (
        <div
          {...menuProps}
          aria-label="Organizations"
          className="absolute left-1 z-50 mt-2 max-h-96 min-w-64 overflow-y-auto rounded-md border border-zinc-200 bg-white p-1 text-zinc-900 shadow-lg dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        >
          {organizations.map((organization) => {
            const isCurrent = organization.id === current?.id;
            return (
              <button key={organization.id} type="button" role="menuitemradio" aria-checked={isCurrent} tabIndex={-1} className={ITEM} onClick={() => switchTo(organization.id)}>
                <span aria-hidden="true" className="w-4 shrink-0">
                  {isCurrent ? "✓" : ""}
                </span>
                <span className="min-w-0">
                  <span className="block truncate">{organization.name}</span>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{organization.roleName}</span>
                </span>
              </button>
            );
          })}
          {organizations.length > 0 ? <div role="separator" className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" /> : null}
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={ITEM}
            onClick={() => {
              close();
              setCreating(true);
            }}
          >
            <span aria-hidden="true" className="w-4 shrink-0">
              +
            </span>
            Create organization
          </button>
        </div>
      ) : null}
      <form
        ref={switchForm}
        action={async (formData) => {
          await switchAction(null, formData);
        }}
        hidden
      >
        <input ref={chosen} type="hidden" name="organizationId" />
        <input type="hidden" name="returnTo" value={pathname} />
      </form>
      <ModalDialog open={creating} onClose={() => setCreating(false)} title="Create organization" width="max-w-md">
        <CreateOrganizationForm action={createAction} idPrefix="switcher-create">
          <Button type="button" variant="secondary" onClick={() => setCreating(false)}>
            Cancel
          </Button>
        </CreateOrganizationForm>
      </ModalDialog>
    </div>
  );
}

"use client";

import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import { CreateOrganizationForm } from "./create-organization-form";

type Organization = { id: string; name: string; roleName: string };
type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

type Props = {
  current: Organization | null;
  organizations: Organization[];
  countries: { code: string; name: string }[];
  switchAction: Action;
  createAction: Action;
};

const ITEM =
  "flex w-full items-center gap-2 rounded px-3 py-2 text-left text-sm outline-none hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";

/**
 * The WAI-ARIA menu button pattern (as the user menu): a button naming the current
 * organization; a menu of every organization with the person's role, a check on the current
 * one, and "Create organization", which opens a dialog.
 */
export function OrganizationSwitcher({ current, organizations, countries, switchAction, createAction }: Props) {
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const switchForm = useRef<HTMLFormElement>(null);
  const chosen = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const menuId = useId();
  const titleId = useId();
  const pathname = usePathname();

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);
  const focusItem = (index: number) => {
    const all = items();
    all[(index + all.length) % all.length]?.focus();
  };

  useEffect(() => {
    if (!open) return;
    focusItem(Math.max(0, organizations.findIndex((organization) => organization.id === current?.id)));
    const closeOnOutsideClick = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !trigger.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsideClick);
    return () => document.removeEventListener("pointerdown", closeOnOutsideClick);
    // Focus moves once, when the menu opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  useEffect(() => {
    if (creating && !dialog.current?.open) dialog.current?.showModal();
    if (!creating && dialog.current?.open) dialog.current.close();
  }, [creating]);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const index = items().indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusItem(index + 1),
      ArrowUp: () => focusItem(index - 1),
      Home: () => focusItem(0),
      End: () => focusItem(-1),
      Escape: close,
      Tab: () => setOpen(false),
    };
    const move = moves[event.key];
    if (!move) return;
    if (event.key !== "Tab") event.preventDefault();
    move();
  };

  const switchTo = (organizationId: string) => {
    setOpen(false);
    if (organizationId === current?.id || !chosen.current) return;
    chosen.current.value = organizationId;
    switchForm.current?.requestSubmit();
  };

  return (
    <div className="relative px-1">
      <button
        ref={trigger}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
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
          ref={menu}
          id={menuId}
          role="menu"
          aria-label="Organizations"
          onKeyDown={onMenuKeyDown}
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
              setOpen(false);
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
      <form ref={switchForm} action={async (formData) => {
          await switchAction(null, formData);
        }} hidden>
        <input ref={chosen} type="hidden" name="organizationId" />
        <input type="hidden" name="returnTo" value={pathname} />
      </form>
      <dialog
        ref={dialog}
        onClose={() => setCreating(false)}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id={titleId} className="mb-4 text-lg font-semibold">
          Create organization
        </h2>
        {creating ? (
          <CreateOrganizationForm action={createAction} countries={countries} idPrefix="switcher-create">
            <Button type="button" variant="secondary" onClick={() => setCreating(false)}>
              Cancel
            </Button>
          </CreateOrganizationForm>
        ) : null}
      </dialog>
    </div>
  );
}

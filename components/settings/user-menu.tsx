"use client";

import Link from "next/link";
import { useActionState, useRef } from "react";
import { useMenuButton } from "@/components/ui/use-menu-button";
import type { ActionResult } from "@/lib/errors";

type Props = { name: string; email: string; signOut: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult> };

const ITEM = "block w-full rounded px-3 py-2 text-left text-sm outline-none hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";

/** The account menu in the header: who is signed in, Settings, Sign out. */
export function UserMenu({ name, email, signOut }: Props) {
  const { open, close, triggerProps, menuProps } = useMenuButton();
  const signOutForm = useRef<HTMLFormElement>(null);
  // Through useActionState, so the action gets the form as its second argument, as every action does.
  const [, signOutAction] = useActionState(signOut, null);
  const initials = name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  return (
    <div className="relative">
      <button
        {...triggerProps}
        // The visible initials start the name, so speech input ("click AL") finds it (WCAG 2.5.3).
        aria-label={`${initials || "?"}, open user menu`}
        className="flex size-9 items-center justify-center rounded-full bg-zinc-900 text-sm font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:bg-zinc-100 dark:text-zinc-900"
      >
        <span aria-hidden="true">{initials || "?"}</span>
      </button>
      {open ? (
        <div
          {...menuProps}
          aria-label="User menu"
          className="absolute right-0 z-50 mt-2 min-w-56 rounded-md border border-zinc-200 bg-white p-1 text-zinc-900 shadow-lg dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <div role="presentation" className="px-3 py-2 text-sm">
            <span className="block font-medium">{name}</span>
            <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{email}</span>
          </div>
          <div role="separator" className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <Link href="/settings/profile" role="menuitem" tabIndex={-1} className={ITEM} onClick={close}>
            Settings
          </Link>
          <button type="button" role="menuitem" tabIndex={-1} className={ITEM} onClick={() => signOutForm.current?.requestSubmit()}>
            Sign out
          </button>
        </div>
      ) : null}
      <form ref={signOutForm} action={signOutAction} hidden />
    </div>
  );
}

"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { useRef } from "react";

type Props = { name: string; email: string; signOut: () => Promise<void> };

const ITEM =
  "block w-full cursor-default rounded px-3 py-2 text-left text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800";

export function UserMenu({ name, email, signOut }: Props) {
  const signOutForm = useRef<HTMLFormElement>(null);
  const initials = name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    // Not modal: a modal menu aria-hides the page while focusable content stays in it (axe
    // aria-hidden-focus); the WAI-ARIA menu button pattern doesn't hide the page either.
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        // The visible initials start the name, so speech input ("click AL") finds the button
        // (WCAG 2.5.3 Label in Name).
        aria-label={`${initials || "?"}, open user menu`}
        className="flex size-9 items-center justify-center rounded-full bg-zinc-900 text-sm font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:bg-zinc-100 dark:text-zinc-900"
      >
        <span aria-hidden="true">{initials || "?"}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={8}
          className="z-50 min-w-56 rounded-md border border-zinc-200 bg-white p-1 text-zinc-900 shadow-lg dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <DropdownMenu.Label className="px-3 py-2 text-sm">
            <span className="block font-medium">{name}</span>
            <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{email}</span>
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <DropdownMenu.Item asChild className={ITEM}>
            <Link href="/settings/profile">Settings</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item className={ITEM} onSelect={() => signOutForm.current?.requestSubmit()}>
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
      <form ref={signOutForm} action={signOut} hidden />
    </DropdownMenu.Root>
  );
}

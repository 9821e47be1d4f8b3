"use client";

import Link from "next/link";
import { useActionState, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { ActionResult } from "@/lib/errors";

type Props = { name: string; email: string; signOut: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult> };

const ITEM =
  "block w-full rounded px-3 py-2 text-left text-sm outline-none hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";

/**
 * The WAI-ARIA menu button pattern, written out: a few dozen lines instead of a menu
 * library on every settings page. Enter/Space/ArrowDown open it on the first item, arrows
 * move, Home/End jump, Escape and Tab close it, a click outside closes it.
 */
export function UserMenu({ name, email, signOut }: Props) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const signOutForm = useRef<HTMLFormElement>(null);
  // Through useActionState, so the action gets the form as its second argument, as every action does.
  const [, signOutAction] = useActionState(signOut, null);
  const menuId = useId();
  const initials = name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const focusItem = (index: number) => {
    const all = items();
    all[(index + all.length) % all.length]?.focus();
  };

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const closeOnOutsideClick = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !trigger.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsideClick);
    return () => document.removeEventListener("pointerdown", closeOnOutsideClick);
  }, [open]);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const current = items().indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusItem(current + 1),
      ArrowUp: () => focusItem(current - 1),
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

  return (
    <div className="relative">
      <button
        ref={trigger}
        type="button"
        // The visible initials start the name, so speech input ("click AL") finds it (WCAG 2.5.3).
        aria-label={`${initials || "?"}, open user menu`}
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
        className="flex size-9 items-center justify-center rounded-full bg-zinc-900 text-sm font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:bg-zinc-100 dark:text-zinc-900"
      >
        <span aria-hidden="true">{initials || "?"}</span>
      </button>
      {open ? (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label="User menu"
          onKeyDown={onMenuKeyDown}
          className="absolute right-0 z-50 mt-2 min-w-56 rounded-md border border-zinc-200 bg-white p-1 text-zinc-900 shadow-lg dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <div role="presentation" className="px-3 py-2 text-sm">
            <span className="block font-medium">{name}</span>
            <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{email}</span>
          </div>
          <div role="separator" className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <Link href="/settings/profile" role="menuitem" tabIndex={-1} className={ITEM} onClick={() => setOpen(false)}>
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

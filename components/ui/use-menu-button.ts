"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

const ITEMS = '[role="menuitem"], [role="menuitemradio"]';

/**
 * The WAI-ARIA menu button pattern: Enter/Space/ArrowDown open the menu on its checked item
 * (or the first), arrows move, Home/End jump, Escape closes it back to the button, Tab and a
 * click outside close it. A few dozen lines instead of a menu library on every settings page.
 */
export function useMenuButton() {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? []);
  const focusItem = (index: number) => {
    const all = items();
    all[(index + all.length) % all.length]?.focus();
  };

  useEffect(() => {
    if (!open) return;
    (menu.current?.querySelector<HTMLElement>('[aria-checked="true"]') ?? menu.current?.querySelector<HTMLElement>(ITEMS))?.focus();
    const closeOnOutsideClick = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !trigger.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsideClick);
    return () => document.removeEventListener("pointerdown", closeOnOutsideClick);
  }, [open]);

  const closeToButton = () => {
    setOpen(false);
    trigger.current?.focus();
  };

  const triggerProps = {
    ref: trigger,
    type: "button" as const,
    "aria-haspopup": "menu" as const,
    "aria-expanded": open,
    "aria-controls": open ? menuId : undefined,
    onClick: () => setOpen(!open),
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === "ArrowDown" && !open) {
        event.preventDefault();
        setOpen(true);
      }
    },
  };

  const menuProps = {
    ref: menu,
    id: menuId,
    role: "menu" as const,
    onKeyDown: (event: KeyboardEvent) => {
      const current = items().indexOf(document.activeElement as HTMLElement);
      const moves: Record<string, () => void> = {
        ArrowDown: () => focusItem(current + 1),
        ArrowUp: () => focusItem(current - 1),
        Home: () => focusItem(0),
        End: () => focusItem(-1),
        Escape: closeToButton,
        Tab: () => setOpen(false),
      };
      const move = moves[event.key];
      if (!move) return;
      if (event.key !== "Tab") event.preventDefault();
      move();
    },
  };

  return { open, close: () => setOpen(false), triggerProps, menuProps };
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { SETTINGS_SECTIONS, type NavSection } from "./sections";

function isCurrent(pathname: string, href: string, siblings: readonly NavSection[]): boolean {
  if (pathname === href) return true;
  // "/settings/organization" is current under its own subpaths only when no sibling is more specific.
  return (
    pathname.startsWith(`${href}/`) &&
    !siblings.some((other) => other.href !== href && other.href.startsWith(href) && (pathname === other.href || pathname.startsWith(`${other.href}/`)))
  );
}

function NavList({ sections, label }: { sections: readonly NavSection[]; label?: string }) {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1 overflow-x-auto md:flex-col" aria-label={label}>
      {sections.map((section) => {
        const current = isCurrent(pathname, section.href, sections);
        return (
          <li key={section.href}>
            <Link
              href={section.href}
              // Every settings page is dynamic: prefetching them all rendered 13 pages on the
              // server for each page view. Navigation fetches the one page clicked.
              prefetch={false}
              aria-current={current ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-blue-600 ${
                current ? "bg-zinc-100 font-semibold text-zinc-900 dark:bg-zinc-800 dark:text-white" : "text-zinc-700 hover:bg-zinc-50 dark:text-zinc-300 dark:hover:bg-zinc-900"
              }`}
            >
              {section.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Sidebar on wide screens, scrollable rows of tabs on narrow ones: the personal sections, then
 * the organization switcher and the current organization's pages the person's role may open.
 */
export function SettingsNav({ organizationSections, switcher }: { organizationSections: readonly NavSection[]; switcher: ReactNode }) {
  return (
    <nav aria-label="Settings" className="space-y-4">
      <NavList sections={SETTINGS_SECTIONS} label="Personal" />
      <div className="space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <h2 className="px-3 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Organization</h2>
        {switcher}
        {organizationSections.length > 0 ? <NavList sections={organizationSections} label="Organization" /> : null}
      </div>
    </nav>
  );
}

"use client";

import { useId, useState } from "react";

type Company = { id: string; name: string };

/** "All companies", or only the companies ticked; the ticks show when "Only these companies" is chosen. */
export function CompaniesFieldset({ companies, selected, errors, legend = "Companies" }: { companies: Company[]; selected: string[] | null; errors?: string[]; legend?: string }) {
  const [access, setAccess] = useState<"all" | "some">(selected === null ? "all" : "some");
  const id = useId();
  const error = errors?.[0];
  if (companies.length === 0) {
    return (
      <div className="text-sm">
        <p className="font-medium">{legend}</p>
        <p className="text-zinc-600 dark:text-zinc-400">All companies (this organization has none yet).</p>
        <input type="hidden" name="companyAccess" value="all" />
      </div>
    );
  }
  return (
    <fieldset className="space-y-2" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      <label className="flex items-center gap-2 text-sm">
        <input type="radio" name="companyAccess" value="all" checked={access === "all"} onChange={() => setAccess("all")} />
        All companies
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="radio" name="companyAccess" value="some" checked={access === "some"} onChange={() => setAccess("some")} />
        Only these companies
      </label>
      {access === "some" ? (
        <ul className="ml-6 max-h-48 space-y-1 overflow-y-auto">
          {companies.map((company) => (
            <li key={company.id}>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="companyIds" value={company.id} defaultChecked={selected?.includes(company.id) ?? false} />
                {company.name}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

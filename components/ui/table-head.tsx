/**
 * The header row of Latchkey's tables: one column header per heading, and, for tables whose
 * rows carry buttons, a last column named "Actions" for screen readers only.
 */
export function TableHead({ headings, actions = false }: { headings: readonly string[]; actions?: boolean }) {
  return (
    <thead className="bg-zinc-50 text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
      <tr>
        {headings.map((heading) => (
          <th key={heading} scope="col" className={TABLE_HEADER_CELL}>
            {heading}
          </th>
        ))}
        {actions ? (
          <th scope="col" className={TABLE_HEADER_CELL}>
            <span className="sr-only">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}

const TABLE_HEADER_CELL = "px-3 py-2 text-left font-medium whitespace-nowrap";

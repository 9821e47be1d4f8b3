/**
 * What a plain SELECT (decision 0031) returns differs by database where a column has no
 * declared type (an expression, a subquery) or SQLite has no such type. These read either.
 */

/** A boolean: true on PostgreSQL, 1 (or 1n) on SQLite. */
export const isTrue = (value: unknown): boolean => value === true || value === 1 || value === 1n;

/** A time from an expression: a Date from PostgreSQL, the stored ISO text from SQLite. */
export const timeOf = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

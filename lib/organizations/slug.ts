import { randomBytes } from "node:crypto";

/** A slug from a name, with a random suffix that keeps it unique without a read-then-write race. */
export function slugFor(name: string): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${base || "org"}-${randomBytes(3).toString("hex")}`;
}

import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";

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

/** How many random slugs to try: one already taken is rare, and never the caller's conflict. */
const SLUG_ATTEMPTS = 3;

/**
 * Runs `create` with a slug for `name`, and again with another when the unique index refused
 * the slug because an organization already has it. Any other refusal (an address taken) is
 * the caller's. `newSlug` is for tests.
 */
export async function withFreeSlug<T>(name: string, create: (slug: string) => Promise<T>, newSlug: (name: string) => string = slugFor): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const slug = newSlug(name);
    try {
      return await create(slug);
    } catch (error) {
      const slugTaken = isUniqueViolation(error) && (await db.organization.count({ where: { slug } })) > 0;
      if (!slugTaken || attempt >= SLUG_ATTEMPTS) throw error;
    }
  }
}

/** Whether a Prisma error is a unique index refusing a second row (P2002): two requests raced, or the value is taken. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

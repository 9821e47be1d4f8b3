// Seeds what `npm run bench -- pages` and `npm run bench -- soak` load: BENCH_PEOPLE Owners
// (default 1), each of an organization of their own and with a signed-in session (their
// cookies, sealed as Auth.js seals them, go to BENCH_SEED_FILE; `cookie` is the first one's),
// and BENCH_SIGN_IN_USERS accounts with one known password for the password sign-ins. Run by
// scripts/bench/pages.mjs and soak.mjs with tsx (react-server condition, so "server-only"
// loads) and DATABASE_URL, AUTH_SECRET and APP_URL set as the server has them.
import { writeFileSync } from "node:fs";

const context = { ipAddress: "127.0.0.1", userAgent: "latchkey bench" };

async function main() {
  const seedFile = process.env.BENCH_SEED_FILE;
  const password = process.env.BENCH_PASSWORD;
  const people = Number(process.env.BENCH_PEOPLE || 1);
  const signInUsers = Number(process.env.BENCH_SIGN_IN_USERS || 10);
  if (!seedFile || !password) throw new Error("BENCH_SEED_FILE and BENCH_PASSWORD are required");
  const { db } = await import("../../lib/db/client");
  const { hashPassword } = await import("../../lib/auth/password");
  const { createSession } = await import("../../lib/auth/sessions");
  const { sealSessionCookie, sessionCookieName } = await import("../../lib/auth/session-cookie");
  const { getConfig } = await import("../../lib/config/env");

  const passwordHash = await hashPassword(password);
  const cookieName = sessionCookieName();
  const cookies: string[] = [];
  for (let index = 0; index < people; index += 1) {
    // The first keeps the address and handle the pages bench has always used.
    const suffix = index === 0 ? "" : `-${index}`;
    const owner = await db.user.create({
      data: { email: `bench-pages${suffix}@example.com`, firstName: "Bench", lastName: "Mark", emailVerifiedAt: new Date(), passwordHash },
      select: { id: true },
    });
    const org = await db.organization.create({ data: { name: `Bench organization${suffix}`, slug: `bench-pages${suffix}` }, select: { id: true } });
    await db.membership.create({ data: { orgId: org.id, userId: owner.id, role: "owner" } });
    const { token } = await db.$transaction((tx) => createSession(tx, owner.id, context));
    cookies.push(`${cookieName}=${await sealSessionCookie({ sessionToken: token, secret: getConfig().AUTH_SECRET, cookieName })}`);
  }

  const signInEmails = Array.from({ length: signInUsers }, (_, index) => `bench-sign-in-${index}@example.com`);
  await db.user.createMany({ data: signInEmails.map((email) => ({ email, firstName: "Bench", lastName: "Sign-in", emailVerifiedAt: new Date(), passwordHash })) });
  writeFileSync(seedFile, JSON.stringify({ cookie: cookies[0], cookies, signInEmails }));
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { RECOVERY_CODES_LOW, countUnusedRecoveryCodes } from "@/lib/totp/recovery-codes";

// Sessions end after SESSION_IDLE_TIMEOUT_MS (7 days) unused; a few days idle is worth a look.
const IDLE_SESSION_DAYS = 3;
const PASSWORD_MAX_AGE_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export type CheckupItem = { id: string; done: boolean; title: string; advice: string; href: string };

/** What the account does well and what to do next, as a score and a list of links. */
export async function getSecurityCheckup(session: ActiveSession, now = new Date()): Promise<{ score: number; items: CheckupItem[] }> {
  const userId = session.user.id;
  // Whether there is a password, a second factor or a passkey comes with the session.
  const [user, idleSessions, unusedCodes] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordChangedAt: true, createdAt: true } }),
    db.session.count({ where: { userId, lastActiveAt: { lt: new Date(now.getTime() - IDLE_SESSION_DAYS * DAY_MS) } } }),
    session.user.totpEnabled ? countUnusedRecoveryCodes(userId) : Promise.resolve(0),
  ]);
  const hasPasskey = session.user.hasPasskey;
  const passwordSetAt = user.passwordChangedAt ?? user.createdAt;
  const items: CheckupItem[] = [
    {
      id: "email",
      done: session.user.emailVerified,
      title: session.user.emailVerified ? "Email address verified" : "Verify your email address",
      advice: "A verified address is how you get back in and hear about sign-ins.",
      href: "/settings/profile",
    },
    {
      id: "two-factor",
      done: session.user.totpEnabled,
      title: session.user.totpEnabled ? "Two-factor authentication is on" : "Turn on two-factor authentication",
      advice: "A code from your phone stops someone who learned your password.",
      href: "/settings/security#two-factor-heading",
    },
    {
      id: "passkey",
      done: hasPasskey,
      title: hasPasskey ? "You have a passkey" : "Add a passkey",
      advice: "A passkey can't be phished and signs you in with your fingerprint, face or PIN.",
      href: "/settings/passkeys",
    },
    ...(session.user.totpEnabled
      ? [
          {
            id: "recovery-codes",
            done: unusedCodes > RECOVERY_CODES_LOW,
            title: unusedCodes > RECOVERY_CODES_LOW ? "Enough recovery codes left" : `Only ${unusedCodes} recovery codes left`,
            advice: "Regenerate them so a lost phone doesn't lock you out.",
            href: "/settings/security#two-factor-heading",
          },
        ]
      : []),
    {
      id: "sessions",
      done: idleSessions === 0,
      title: idleSessions === 0 ? "No forgotten sessions" : `${idleSessions} session${idleSessions === 1 ? "" : "s"} unused for over ${IDLE_SESSION_DAYS} days`,
      advice: "Sign out devices you no longer use.",
      href: "/settings/sessions",
    },
    ...(session.user.hasPassword
      ? [
          {
            id: "password-age",
            done: now.getTime() - passwordSetAt.getTime() < PASSWORD_MAX_AGE_DAYS * DAY_MS,
            title: now.getTime() - passwordSetAt.getTime() < PASSWORD_MAX_AGE_DAYS * DAY_MS ? "Password changed within a year" : "Your password is over a year old",
            advice: "An old password has had more time to leak.",
            href: "/settings/security#password-heading",
          },
        ]
      : []),
  ];
  const score = Math.round((items.filter((item) => item.done).length / items.length) * 100);
  return { score, items };
}

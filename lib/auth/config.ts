import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { contextFromHeaders, type RequestContext } from "@/lib/http/request-context";
import { emailSchema } from "@/lib/validation/fields";
import { authenticateWithPasskey, authenticateWithPassword } from "./authenticate-with-password";
import { PASSWORD_INPUT_MAX_BYTES } from "./password";
import { clearPendingSignInCookie, readPendingSignInCookie, setPendingSignInCookie } from "./pending-cookie";
import { completeSecondFactor } from "./second-factor";
import { sealSessionCookie, sessionCookieName } from "./session-cookie";
import { getSession } from "./session";
import { SESSION_MAX_AGE_SECONDS, endSession, findActiveSession } from "./sessions";
import { logger } from "@/lib/operations/logger.mjs";

/** The password was right; the account asks for a second factor next. */
export class SecondFactorRequired extends CredentialsSignin {
  code = "second_factor_required";
}

/** The pending sign-in is gone (expired, used up, or never existed): start again. */
export class PendingSignInExpired extends CredentialsSignin {
  code = "pending_sign_in_expired";
}

const passwordStep = z.object({
  email: emailSchema,
  password: z
    .string()
    .min(1)
    .refine((value) => Buffer.byteLength(value) <= PASSWORD_INPUT_MAX_BYTES),
});

const secondFactorStep = z.object({
  secondFactorMethod: z.enum(["totp", "recovery_code", "passkey"]),
  // A code, or for a passkey the JSON of the browser's assertion.
  code: z.string().min(1).max(16_384),
});

const passkeyStep = z.object({ passkeyResponse: z.string().min(1).max(16_384) });

/**
 * What Auth.js logs. A failed sign-in is an expected outcome, logged in the security log, not
 * an error. Anything else is logged with its cause (what failed inside `authorize`, and
 * where); never the request body, which holds the password or code.
 */
export const authLogger = {
  error(error: Error) {
    if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
    const cause = (error.cause as { err?: unknown } | undefined)?.err;
    // An AppError (a rate limit, a paused sign-in) is an answer, not a fault.
    if (cause instanceof AppError) return;
    const detail = cause instanceof Error ? `, caused by ${cause.stack ?? `${cause.name}: ${cause.message}`}` : "";
    // `type` is Auth.js's name for the error, which survives minification.
    logger.error(`auth error ${(error as { type?: string }).type ?? error.name}${detail}`);
  },
  warn() {},
};

/**
 * A new session's cookie replaces the one this browser held: that session (another
 * account's, or an older one) ends and is logged as a sign-out, so no row stays signed in
 * that nobody holds a cookie for.
 */
async function replaceBrowserSession({ userId, sessionToken }: { userId: string; sessionToken: string }, context: RequestContext) {
  const previous = await getSession();
  if (previous) await endSession(previous.sessionId, context);
  return { id: userId, sessionToken };
}

/**
 * Auth.js signs people in and seals the session cookie. The cookie carries only a random
 * session token whose hash names a database row; that row is the session (see
 * docs/decisions/0001-database-sessions-with-auth-js.md). Sign-in goes through Latchkey's
 * server actions only: no Auth.js route handler is mounted, so there is no second,
 * unguarded way in.
 */
export const { signIn, signOut } = NextAuth(() => {
  const config = getConfig();
  return {
    secret: config.AUTH_SECRET,
    trustHost: true,
    useSecureCookies: config.secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // One definition of the sealed cookie (lib/auth/session-cookie.ts), the browser tests' too.
    jwt: { encode: ({ token }) => sealSessionCookie({ sessionToken: token?.sid as string, secret: config.AUTH_SECRET, cookieName: sessionCookieName() }) },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: config.secureCookies },
      },
    },
    pages: { signIn: "/login", error: "/login" },
    logger: authLogger,
    providers: [
      Credentials({
        credentials: { email: {}, password: {}, secondFactorMethod: {}, code: {}, passkeyResponse: {} },
        async authorize(raw, request) {
          const context = contextFromHeaders(request.headers);
          const passkey = passkeyStep.safeParse(raw);
          if (passkey.success) {
            // A passkey with user verification is two factors at once: no second step.
            const result = await authenticateWithPasskey(passkey.data.passkeyResponse, context);
            if (!result) throw new CredentialsSignin();
            return replaceBrowserSession(result, context);
          }
          const secondFactor = secondFactorStep.safeParse(raw);
          if (secondFactor.success) {
            const pendingToken = await readPendingSignInCookie();
            if (!pendingToken) throw new PendingSignInExpired();
            const result = await completeSecondFactor({ pendingToken, method: secondFactor.data.secondFactorMethod, code: secondFactor.data.code }, context);
            if (!result.ok) {
              if (result.reason === "expired") {
                await clearPendingSignInCookie();
                throw new PendingSignInExpired();
              }
              throw new CredentialsSignin();
            }
            await clearPendingSignInCookie();
            return replaceBrowserSession(result, context);
          }
          const password = passwordStep.safeParse(raw);
          if (!password.success) throw new CredentialsSignin();
          const result = await authenticateWithPassword(password.data, context);
          if (!result) throw new CredentialsSignin();
          if (result.kind === "second_factor") {
            await setPendingSignInCookie(result.pendingToken);
            throw new SecondFactorRequired();
          }
          return replaceBrowserSession(result, context);
        },
      }),
    ],
    callbacks: {
      // Only the session token goes into the sealed cookie: no name, email or picture.
      async jwt({ token, user }) {
        if (user && "sessionToken" in user) return { sid: user.sessionToken as string };
        if (typeof token.sid !== "string" || !(await findActiveSession(token.sid))) return null;
        return { sid: token.sid };
      },
      session({ session }) {
        return { expires: session.expires } as typeof session;
      },
    },
  };
});

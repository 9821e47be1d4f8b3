import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { sessionCookieNameFor } from "@/lib/config/app-url";
import { getConfig } from "@/lib/config/env";
import { contextFromHeaders } from "@/lib/http/request-context";
import { emailSchema } from "@/lib/validation/fields";
import { authenticateWithPassword } from "./authenticate-with-password";
import { PASSWORD_INPUT_MAX_BYTES } from "./password";
import { SESSION_MAX_AGE_SECONDS, findActiveSession } from "./sessions";

export function sessionCookieName(): string {
  return sessionCookieNameFor(getConfig().secureCookies);
}

const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).refine((value) => Buffer.byteLength(value) <= PASSWORD_INPUT_MAX_BYTES),
});

/**
 * Auth.js signs people in and seals the session cookie. The cookie carries only a random
 * session token whose hash names a database row; that row is the session (see
 * docs/decisions/0001-sessions.md). Sign-in goes through the server actions only: no
 * Auth.js route handler is mounted, so there is no second, unguarded way in.
 */
export const { signIn, signOut } = NextAuth(() => {
  const config = getConfig();
  return {
    secret: config.AUTH_SECRET,
    trustHost: true,
    useSecureCookies: config.secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: config.secureCookies },
      },
    },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) throw new CredentialsSignin();
          const result = await authenticateWithPassword(parsed.data, contextFromHeaders(request.headers));
          if (!result) throw new CredentialsSignin();
          return { id: result.userId, sessionToken: result.sessionToken };
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

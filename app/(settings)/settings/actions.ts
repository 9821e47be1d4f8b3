"use server";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { publicAction, userAction } from "@/lib/actions/define-action";
import { sendVerificationEmail } from "@/lib/account/verify-email";
import { signOut } from "@/lib/auth/config";
import { stepUpSchema } from "@/lib/auth/schemas";
import { endSession } from "@/lib/auth/sessions";
import { endStepUp, stepUp } from "@/lib/auth/step-up";
import { markAllNotificationsRead } from "@/lib/notifications/in-app";
import { startPasskeyAuthentication } from "@/lib/webauthn/authentication";

const noInput = z.object({});

/** Signing out works signed out too (an ended session still holds its cookie): both go to /login. */
export const signOutAction = publicAction({ schema: noInput }, async (_input, { session, context }) => {
  if (session) await endSession(session.sessionId, context);
  await signOut({ redirect: false });
  return { redirect: "/login" };
});

/** Re-authentication for sensitive actions ("sudo mode"), used by the step-up dialog. */
export const stepUpAction = userAction({ schema: stepUpSchema, revalidate: { path: "/settings", type: "layout" } }, async (input, { session, context }) => {
  await stepUp(session, input, context);
});

export const endStepUpAction = userAction({ schema: noInput, revalidate: { path: "/settings", type: "layout" } }, async (_input, { session }) => {
  await endStepUp(session.sessionId);
});

export const resendVerificationEmailAction = userAction({ schema: noInput }, async (_input, { session, context }) => {
  await sendVerificationEmail(session.user.id, context);
  return { message: `We sent a new link to ${session.user.email}.` };
});

/** Options for confirming it's you with a passkey: the user's passkeys, bound to this session. */
export const stepUpPasskeyOptionsAction = userAction<typeof noInput, PublicKeyCredentialRequestOptionsJSON>({ schema: noInput }, async (_input, { session, context }) => ({
  data: await startPasskeyAuthentication("step_up", { userId: session.user.id, sessionId: session.sessionId }, context),
}));

/** The header bell's "Mark all as read". */
export const markAllNotificationsReadAction = userAction({ schema: noInput, revalidate: { path: "/settings", type: "layout" } }, async (_input, { session }) => {
  await markAllNotificationsRead(session.user.id);
  return { message: "All notifications are marked as read." };
});

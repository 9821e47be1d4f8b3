import { NextResponse } from "next/server";
import { getSession } from "@/lib/auth/session";
import { createCaptchaChallenge } from "@/lib/captcha/captcha";

/** A proof-of-work challenge for the CAPTCHA widget; only signed-in people need one. */
export async function GET() {
  if (!(await getSession())) {
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401, headers: { "Cache-Control": "no-store" } });
  }
  return NextResponse.json(await createCaptchaChallenge(), { headers: { "Cache-Control": "no-store" } });
}

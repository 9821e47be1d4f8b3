import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { categoryLabel } from "@/lib/notifications/categories";
import { unsubscribeWithToken } from "@/lib/notifications/unsubscribe-link";

// The URL of the List-Unsubscribe header (RFC 8058). A GET is what a mail scanner or an
// older mail client does: it only leads to the page with the button. The POST is the one-click
// unsubscribe a mail provider sends on the person's behalf, without cookies or a session.

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // A relative Location: never a host taken from the request.
  return new NextResponse(null, { status: 303, headers: { Location: `/unsubscribe/${encodeURIComponent(token)}/confirm`, "Cache-Control": "no-store" } });
}

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const form = await request.formData().catch(() => null);
  if (form?.get("List-Unsubscribe") !== "One-Click") {
    return new NextResponse("Send List-Unsubscribe=One-Click as the form body to unsubscribe (RFC 8058). Nothing was changed.", { status: 400, headers: TEXT });
  }
  try {
    const { category } = await unsubscribeWithToken(token);
    return new NextResponse(`Unsubscribed: you will no longer get ${categoryLabel(category)} emails from Latchkey.`, { status: 200, headers: TEXT });
  } catch (error) {
    if (error instanceof AppError) return new NextResponse(error.message, { status: 400, headers: TEXT });
    throw error;
  }
}

import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { getSession } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/database-unavailable";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Latchkey", template: "%s · Latchkey" },
  description: "Manage your account, security and organizations.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme is known on the server, so the first paint already has it. Without the database
  // the default theme does, and the page below shows the outage.
  const session = await unlessDatabaseUnavailable(getSession(), null);
  return (
    <html lang="en" data-theme={session?.user.theme ?? "system"}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}

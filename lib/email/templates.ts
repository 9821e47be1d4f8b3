import "server-only";
import { getConfig } from "@/lib/config/env";
import type { NotificationCategory } from "@/lib/notifications/categories";
import type { Email } from "./send-email";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Every link in an email is built from APP_URL, never from the request's Host header. */
export function appLink(path: string): string {
  return new URL(path, getConfig().APP_URL).toString();
}

type Message = {
  to: string;
  /** Security alerts always go out; every other category follows the person's choice and carries an unsubscribe link. */
  category: NotificationCategory;
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
  /** A security alert: the person's bell, browsers and webhooks get it too (lib/notifications/security-alerts.ts). */
  alert?: true;
};

function render({ to, category, subject, paragraphs, action, footer, alert }: Message): Email {
  const closing = footer ?? "If this wasn't you, change your password and review your security settings at " + appLink("/settings/security") + ".";
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), closing, "— Latchkey"].join("\n\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#18181b">
${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join("\n")}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#18181b;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="font-size:12px;color:#52525b">Or open this link: ${escapeHtml(action.url)}</p>` : ""}
<p style="font-size:12px;color:#52525b">${escapeHtml(closing)}</p>
<p>— Latchkey</p>
</body></html>`;
  return { to, subject, text, html, category, ...(alert ? { alert: { title: subject, body: paragraphs[0]!, url: "/settings/security" } } : {}) };
}

export const emails = {
  apiKeyCreated: (to: string, { orgName, description, environment, maskedKey }: { orgName: string; description: string; environment: string; maskedKey: string }) =>
    render({
      category: "organization",
      to,
      subject: `API key created in ${orgName}`,
      paragraphs: [
        `A ${environment} API key “${description}” (${maskedKey}) was created in ${orgName} under your account. It can do what your role in ${orgName} allows, within its access level.`,
      ],
      action: { label: "Review API keys", url: appLink("/settings/api-keys") },
      footer: "If you did not create it, revoke it now and change your password.",
    }),
  apiKeyRevoked: (to: string, { orgName, description, maskedKey }: { orgName: string; description: string; maskedKey: string }) =>
    render({
      category: "organization",
      to,
      subject: `API key revoked in ${orgName}`,
      paragraphs: [`The API key “${description}” (${maskedKey}) in ${orgName} was revoked. Calls made with it are refused from now on.`],
      action: { label: "Review API keys", url: appLink("/settings/api-keys") },
      footer: "If you did not expect this, ask an Owner or Admin of the organization.",
    }),
  apiKeyExpiring: (to: string, { orgName, description, maskedKey, expiresAt }: { orgName: string; description: string; maskedKey: string; expiresAt: Date }) =>
    render({
      category: "organization",
      to,
      subject: `API key “${description}” expires on ${expiresAt.toISOString().slice(0, 10)}`,
      paragraphs: [
        `The API key “${description}” (${maskedKey}) in ${orgName} expires on ${expiresAt.toUTCString()}. Calls made with it will be refused after that.`,
        "Create a new key and move your integration to it before then.",
      ],
      action: { label: "Open API keys", url: appLink("/settings/api-keys") },
      footer: "You receive this because you created the key.",
    }),
  apiKeysRevealed: (to: string, { orgName, revealedBy, keys }: { orgName: string; revealedBy: string; keys: { description: string; maskedKey: string }[] }) =>
    render({
      category: "organization",
      to,
      subject: `API key secrets were viewed in ${orgName}`,
      paragraphs: [
        `${revealedBy} viewed the secrets of ${keys.length === 1 ? "1 API key" : `${keys.length} API keys`} in ${orgName}, after confirming with a second factor:`,
        keys.map((key) => `• ${key.description} (${key.maskedKey})`).join("\n"),
      ],
      action: { label: "Open the audit log", url: appLink("/settings/organization/audit-log") },
      footer: "You receive this as an Owner of the organization. If this was unexpected, rotate the keys.",
    }),
  invitation: (to: string, { orgName, inviterName, roleName, url, expiresAt }: { orgName: string; inviterName: string; roleName: string; url: string; expiresAt: Date }) =>
    render({
      category: "organization",
      to,
      subject: `${inviterName} invited you to ${orgName} on Latchkey`,
      paragraphs: [
        `${inviterName} invited you to join ${orgName} on Latchkey as ${roleName}.`,
        `The link works once and expires on ${expiresAt.toUTCString()}. Open it to join with this address, or to create an account for it.`,
      ],
      action: { label: `Join ${orgName}`, url },
      footer: "If you didn't expect this invitation, ignore this email: nothing happens unless you open the link and join.",
    }),
  invitationAccepted: (to: string, { orgName, memberName, memberEmail }: { orgName: string; memberName: string; memberEmail: string }) =>
    render({
      category: "organization",
      to,
      subject: `${memberName} joined ${orgName}`,
      paragraphs: [`${memberName} (${memberEmail}) accepted your invitation and is now a member of ${orgName}.`],
      action: { label: "See the members", url: appLink("/settings/organization/members") },
      footer: "You get this email because you sent the invitation.",
    }),
  memberRoleChanged: (to: string, { orgName, roleName }: { orgName: string; roleName: string }) =>
    render({
      category: "organization",
      to,
      subject: `Your role in ${orgName} changed`,
      paragraphs: [`Your role in ${orgName} is now ${roleName}.`],
      action: { label: "Open the organization", url: appLink("/settings/memberships") },
      footer: "If you think this is a mistake, contact an Owner or Admin of the organization.",
    }),
  memberRemoved: (to: string, { orgName }: { orgName: string }) =>
    render({
      category: "organization",
      to,
      subject: `You were removed from ${orgName}`,
      paragraphs: [`You are no longer a member of ${orgName} on Latchkey. Your account and your other organizations are unchanged.`],
      footer: "If you think this is a mistake, contact an Owner or Admin of the organization.",
    }),
  verifyEmail: (to: string, url: string) =>
    render({
      category: "security",
      to,
      subject: "Verify your email address",
      paragraphs: ["Confirm that this address belongs to your Latchkey account. The link works once and expires in 24 hours."],
      action: { label: "Verify email address", url },
      footer: "If you didn't create a Latchkey account, ignore this email.",
    }),
  signUpWithExistingEmail: (to: string) =>
    render({
      category: "security",
      alert: true,
      to,
      subject: "Someone tried to create an account with your email",
      paragraphs: ["Someone tried to create a new Latchkey account with this address, which already has one. Nothing was changed."],
      action: { label: "Sign in", url: appLink("/login") },
      footer: "If you forgot your password, reset it at " + appLink("/forgot-password") + ".",
    }),
  confirmEmailChange: (to: string, url: string) =>
    render({
      category: "security",
      to,
      subject: "Confirm your new email address",
      paragraphs: ["You asked to use this address for your Latchkey account. It changes only when you open this link, which works once and expires in 24 hours."],
      action: { label: "Confirm new email address", url },
      footer: "If you didn't ask for this, ignore this email: nothing changes.",
    }),
  emailChangeRequested: (to: string, newEmail: string) =>
    render({
      category: "security",
      alert: true,
      to,
      subject: "Your email address is about to change",
      paragraphs: [`Someone signed in to your account asked to change its email address to ${newEmail}. It changes only once that address confirms.`],
    }),
  emailChanged: (to: string, newEmail: string) =>
    render({
      to,
      category: "security",
      subject: "Your email address was changed",
      paragraphs: [`Your Latchkey account now uses ${newEmail}. Sign-in and notices go there from now on.`],
    }),
  passwordReset: (to: string, url: string) =>
    render({
      category: "security",
      to,
      subject: "Reset your password",
      paragraphs: ["Someone asked to reset the password of your Latchkey account. The link works once and expires in 1 hour."],
      action: { label: "Reset password", url },
      footer: "If you didn't ask for this, ignore this email: your password stays the same.",
    }),
  passwordChanged: (to: string) =>
    render({ to, category: "security", alert: true, subject: "Your password was changed", paragraphs: ["The password of your Latchkey account was just changed."] }),
  passwordWasReset: (to: string) =>
    render({
      to,
      category: "security",
      alert: true,
      subject: "Your password was reset",
      paragraphs: ["The password of your Latchkey account was reset and every device was signed out."],
    }),
  twoFactorEnabled: (to: string) =>
    render({
      to,
      category: "security",
      alert: true,
      subject: "Two-factor authentication is on",
      paragraphs: ["Signing in to your Latchkey account now also asks for a code from your authenticator app."],
    }),
  twoFactorDisabled: (to: string) =>
    render({
      category: "security",
      alert: true,
      to,
      subject: "Two-factor authentication is off",
      paragraphs: ["Two-factor authentication was turned off for your Latchkey account. Signing in now needs only your password."],
    }),
  recoveryCodesRegenerated: (to: string) =>
    render({
      to,
      category: "security",
      alert: true,
      subject: "New recovery codes were created",
      paragraphs: ["New recovery codes were created for your Latchkey account. The previous codes no longer work."],
    }),
  recoveryCodeUsed: (to: string, remaining: number) =>
    render({
      category: "security",
      alert: true,
      to,
      subject: "A recovery code was used",
      paragraphs: [`A recovery code was used to sign in to your Latchkey account. ${remaining} of 10 codes are left.`],
    }),
  newDeviceSignIn: (to: string, device: string, ipAddress: string) =>
    render({
      category: "security",
      alert: true,
      to,
      subject: "New sign-in to your account",
      paragraphs: [`Your Latchkey account was signed in from a device or browser it hadn't seen before: ${device}, from ${ipAddress}.`],
      action: { label: "Review security settings", url: appLink("/settings/security") },
    }),
  passkeyAdded: (to: string, name: string) =>
    render({
      to,
      category: "security",
      alert: true,
      subject: "A passkey was added to your account",
      paragraphs: [`The passkey "${name}" can now sign in to your Latchkey account.`],
    }),
  passkeyCounterSuspicious: (to: string, name: string) =>
    render({
      category: "security",
      alert: true,
      to,
      subject: "A passkey sign-in was refused",
      paragraphs: [`A sign-in with your passkey "${name}" was refused: its signature counter went backwards, which is what a copied authenticator looks like.`],
      action: { label: "Review your passkeys", url: appLink("/settings/passkeys") },
    }),
  accountDeleted: (to: string) =>
    render({
      category: "security",
      to,
      subject: "Your Latchkey account was deleted",
      paragraphs: ["Your Latchkey account and the personal data it held were deleted, as you asked."],
      footer: "If this wasn't you, contact your administrator at once.",
    }),
  accountLocked: (to: string, minutes: number) =>
    render({
      category: "security",
      alert: true,
      to,
      subject: "Sign-in paused after failed attempts",
      paragraphs: [`There were repeated failed attempts to sign in to your Latchkey account, so sign-in is paused for ${minutes} minutes.`],
      action: { label: "Reset password", url: appLink("/forgot-password") },
      footer: "If these attempts were not yours, your password was not accepted: consider changing it and turning on two-factor authentication.",
    }),
  ownershipTransferRequested: (to: string, { orgName, fromName, expiresInDays }: { orgName: string; fromName: string; expiresInDays: number }) =>
    render({
      category: "organization",
      to,
      subject: `${fromName} wants to make you the Owner of ${orgName}`,
      paragraphs: [
        `${fromName} asked to transfer the ownership of ${orgName} to you. Nothing changes until you accept it in Latchkey; then you become its Owner and ${fromName} becomes an Admin.`,
        `The request stays open for ${expiresInDays} days.`,
      ],
      action: { label: "Review the transfer", url: appLink("/settings/organization") },
      footer: "If you don't want to be the Owner, decline it on the same page, or ignore this email.",
    }),
  ownershipTransferCompleted: (to: string, { orgName, newOwnerName }: { orgName: string; newOwnerName: string }) =>
    render({
      category: "organization",
      to,
      subject: `${newOwnerName} is now the Owner of ${orgName}`,
      paragraphs: [`${newOwnerName} accepted the ownership of ${orgName}. You are now an Admin of it.`],
      action: { label: "Open the organization", url: appLink("/settings/organization") },
    }),
  /** A notification an organization's product sent through the API (POST /api/v1/notifications). */
  hostNotification: (to: string, { orgName, category, title, body, url }: { orgName: string; category: NotificationCategory; title: string; body: string; url: string | null }) =>
    render({
      category,
      to,
      subject: title,
      paragraphs: [body],
      ...(url ? { action: { label: "Open", url: url.startsWith("/") ? appLink(url) : url } } : {}),
      footer: `Sent by ${orgName} through Latchkey. Choose which emails you receive at ${appLink("/settings/notifications")}.`,
    }),
  // A security alert: notifications stopped reaching a place the person set up, and they should
  // hear it whatever they chose (their other channels may be the ones turned off).
  webhookEndpointDisabled: (to: string, { host, description, failingSince, endpointUrl }: { host: string; description: string; failingSince: Date; endpointUrl: string }) =>
    render({
      category: "security",
      to,
      subject: `Your webhook endpoint at ${host} was disabled`,
      paragraphs: [
        `Latchkey could not deliver to your webhook endpoint ${description ? `“${description}” ` : ""}at ${host} since ${failingSince.toUTCString()}, so it was disabled. Notifications are no longer sent to it.`,
        "The delivery log shows what the receiver answered. Fix the receiver, then enable the endpoint again.",
      ],
      action: { label: "Open the endpoint", url: endpointUrl },
      footer: "You receive this because you added this webhook endpoint.",
    }),
} as const;

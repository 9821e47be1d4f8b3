// Every /api/v1 operation with a valid request, for the tables of the access, IDOR and
// conformance tests. Ids are filled in from a `Fixture` of one organization.
import type { ApiKeyAccess } from "@/lib/api-keys/schemas";
import { uniqueEmail } from "../../fixtures/builders";

export type Fixture = { membershipId: string; invitationId: string; apiKeyId: string; notificationId: string; recipientUserId: string };

export type Endpoint = {
  method: string;
  path: string;
  kind: "read" | "write" | null;
  url: (ids: Fixture) => string; /** A valid body for a key of this access (a key only makes keys of its own access or less). */
  body?: (access: ApiKeyAccess, ids: Fixture) => unknown;
};

export const ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/me", kind: null, url: () => "/me" },
  { method: "GET", path: "/organization", kind: "read", url: () => "/organization" },
  { method: "GET", path: "/members", kind: "read", url: () => "/members" },
  { method: "POST", path: "/members", kind: "write", url: () => "/members", body: () => ({ email: uniqueEmail("api-add"), role: "member" }) },
  { method: "PATCH", path: "/members/{id}", kind: "write", url: (ids) => `/members/${ids.membershipId}`, body: () => ({ role: "developer" }) },
  { method: "GET", path: "/invitations", kind: "read", url: () => "/invitations" },
  { method: "POST", path: "/invitations", kind: "write", url: () => "/invitations", body: () => ({ email: uniqueEmail("api-invite"), role: "member" }) },
  { method: "DELETE", path: "/invitations/{id}", kind: "write", url: (ids) => `/invitations/${ids.invitationId}` },
  { method: "GET", path: "/audit-log", kind: "read", url: () => "/audit-log?limit=5" },
  { method: "GET", path: "/api-keys", kind: "read", url: () => "/api-keys" },
  {
    method: "POST",
    path: "/api-keys",
    kind: "write",
    url: () => "/api-keys",
    body: (access) => ({ description: "Made by the API", environment: "live", access: access === "read_write" ? "read" : access, expires: "30d" }),
  },
  { method: "POST", path: "/api-keys/{id}/rotate", kind: "write", url: (ids) => `/api-keys/${ids.apiKeyId}/rotate`, body: () => ({ grace: "1h" }) },
  { method: "DELETE", path: "/api-keys/{id}", kind: "write", url: (ids) => `/api-keys/${ids.apiKeyId}` },
  {
    method: "POST",
    path: "/notifications",
    kind: "write",
    url: () => "/notifications",
    body: (_access, ids) => ({
      recipient: { userId: ids.recipientUserId },
      category: "purchases",
      title: "Receipt",
      body: "Thanks for your order.",
      url: "https://shop.example.com/orders/1",
    }),
  },
  { method: "GET", path: "/notifications/{id}", kind: "read", url: (ids) => `/notifications/${ids.notificationId}` },
  // Last: it removes the member the others use.
  { method: "DELETE", path: "/members/{id}", kind: "write", url: (ids) => `/members/${ids.membershipId}` },
];

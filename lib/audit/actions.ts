// Every security event name Latchkey records: `noun.past_verb`.
export const AUDIT_ACTIONS = [
  "user.signed_up",
  "user.signed_in",
  "user.sign_in_failed",
  "user.signed_out",
  "user.profile_updated",
  "request.cross_site_refused",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

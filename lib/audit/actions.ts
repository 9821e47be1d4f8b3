// Every security event name Latchkey records: `noun.past_verb`.
export const AUDIT_ACTIONS = [
  "user.signed_up",
  "user.signed_in",
  "user.sign_in_failed",
  "user.signed_out",
  "user.locked_out",
  "user.profile_updated",
  "user.email_verified",
  "user.email_change_requested",
  "user.email_changed",
  "user.password_changed",
  "user.password_reset_requested",
  "user.password_reset",
  "two_factor.enabled",
  "two_factor.disabled",
  "two_factor.code_failed",
  "two_factor.code_reused",
  "recovery_codes.regenerated",
  "recovery_code.used",
  "session.stepped_up",
  "session.step_up_failed",
  "request.cross_site_refused",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

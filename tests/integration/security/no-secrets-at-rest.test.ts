// T-P1 (for what exists so far): after a full account-security scenario, a dump of every
// table holds none of the secrets the scenario handled (passwords, TOTP key, recovery codes,
// link, session and pending-sign-in tokens) in any common encoding; only digests and
// ciphertexts. Mail goes through a loopback SMTP server, as in production, so the dev-only
// outbox table holds no link either; the test reads the links from what that server received.
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { useSmtpSink, type SmtpSink } from "../../setup/smtp-sink";
import { encodedForms } from "./secret-forms";

const smtp = useSmtpSink();

/** Every row of every table, one JSON line per row, from outside the app (as a stolen backup would be read). */
async function dumpDatabase(url: string): Promise<{ lines: string[]; tables: string[] }> {
  if (url.startsWith("file:")) {
    const database = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      const tables = (database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(({ name }) => name);
      const lines = tables.flatMap((table) =>
        (database.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).all() as Record<string, unknown>[]).map(
          (row) => `${table} ${JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString("hex") : value))}`,
        ),
      );
      return { lines, tables };
    } finally {
      database.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    const tables = rows.map((row) => row.table_name);
    const lines: string[] = [];
    for (const table of tables) {
      const result = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table.replace(/"/g, '""')}" t`);
      lines.push(...result.rows.map(({ row }) => `${table} ${row}`));
    }
    return { lines, tables };
  } finally {
    await client.end();
  }
}

function textPart(mail: SmtpSink["messages"][number]): string {
  return mail.parts.find((part) => part.contentType === "text/plain")?.body ?? "";
}

describe("secrets at rest (T-P1)", () => {
  test("no table holds a secret the scenario handled, in raw, hex, base64 or base32 form", async () => {
    const builders = await import("../../fixtures/builders");
    const { createAccount } = await import("@/lib/account/create-account");
    const { verifyEmail } = await import("@/lib/account/verify-email");
    const { authenticateWithPassword } = await import("@/lib/auth/authenticate-with-password");
    const { completeSecondFactor } = await import("@/lib/auth/second-factor");
    const { stepUp } = await import("@/lib/auth/step-up");
    const { confirmTotpSetup, regenerateRecoveryCodes, startTotpSetup } = await import("@/lib/totp/manage-totp");
    const { changePassword } = await import("@/lib/account/change-password");
    const { requestPasswordReset } = await import("@/lib/account/reset-password");
    const { requestEmailChange } = await import("@/lib/account/change-email");
    const { hashToken } = await import("@/lib/crypto/tokens");
    const { db } = await import("@/lib/db/client");
    const { testContext, activeSession, totpCodeAt, nextTotpCode, linkTokenIn } = builders;

    const secrets: { label: string; value: string; kind: "text" | "base32" | "base64url" }[] = [];
    const keep = (label: string, value: string, kind: "text" | "base32" | "base64url" = "text") => {
      secrets.push({ label, value, kind });
      return value;
    };
    const mailTo = async (recipient: string, subject: string) => {
      await expect.poll(() => smtp.sink.messages.some((mail) => mail.envelope.to.includes(recipient) && mail.headers.subject === subject)).toBe(true);
      return textPart(smtp.sink.messages.filter((mail) => mail.envelope.to.includes(recipient) && mail.headers.subject === subject).at(-1)!);
    };
    const passwordStep = async (email: string, password: string) => {
      const result = await authenticateWithPassword({ email, password }, testContext());
      if (result?.kind !== "second_factor") throw new Error("expected a second-factor step");
      return keep("pending sign-in token", result.pendingToken, "base64url");
    };

    // Sign up and verify the address.
    const input = builders.signUpInput({ password: keep("password", "Scenario-Secret-Pass-91"), confirmPassword: "Scenario-Secret-Pass-91" });
    const { userId } = await createAccount(input, testContext());
    const verifyToken = keep("verification link token", linkTokenIn(await mailTo(input.email, "Verify your email address"), "/verify-email"), "base64url");
    expect(await verifyEmail(verifyToken, testContext())).toBe(true);

    // Sign in, step up, set up TOTP.
    const first = await authenticateWithPassword({ email: input.email, password: input.password }, testContext());
    if (first?.kind !== "session") throw new Error("expected a session");
    const sessionToken = keep("session token", first.sessionToken, "base64url");
    await stepUp(await activeSession(sessionToken), { method: "password", password: input.password }, testContext());
    const { secret } = await startTotpSetup(await activeSession(sessionToken));
    keep("TOTP secret", secret, "base32");
    const firstCodes = await confirmTotpSetup(await activeSession(sessionToken), await totpCodeAt(secret, -1), testContext());
    firstCodes.forEach((code) => keep("recovery code", code));

    // Sign in with TOTP, then with a recovery code; regenerate the codes.
    const withTotp = await completeSecondFactor(
      { pendingToken: await passwordStep(input.email, input.password), method: "totp", code: await nextTotpCode(userId, secret) },
      testContext(),
    );
    if (!withTotp.ok) throw new Error("expected a TOTP sign-in");
    keep("session token (TOTP)", withTotp.sessionToken, "base64url");
    const withCode = await completeSecondFactor({ pendingToken: await passwordStep(input.email, input.password), method: "recovery_code", code: firstCodes[0]! }, testContext());
    if (!withCode.ok) throw new Error("expected a recovery-code sign-in");
    keep("session token (recovery code)", withCode.sessionToken, "base64url");
    const secondCodes = await regenerateRecoveryCodes(await activeSession(sessionToken), testContext());
    secondCodes.forEach((code) => keep("recovery code (new set)", code));

    // Change the password, then leave a reset link, an email-change link and a pending sign-in outstanding.
    const newPassword = keep("new password", "Scenario-Changed-Pass-27");
    await changePassword(await activeSession(sessionToken), { currentPassword: input.password, newPassword, signOutOtherSessions: false }, testContext());
    await requestPasswordReset(input.email, testContext());
    const resetToken = keep("reset link token", linkTokenIn(await mailTo(input.email, "Reset your password"), "/reset-password"), "base64url");
    const newEmail = builders.uniqueEmail("moved");
    await requestEmailChange(await activeSession(sessionToken), newEmail, testContext());
    const changeToken = keep("email-change link token", linkTokenIn(await mailTo(newEmail, "Confirm your new email address"), "/confirm-email"), "base64url");
    await passwordStep(input.email, newPassword);

    const { lines, tables } = await dumpDatabase(process.env.DATABASE_URL!);
    const dump = lines.join("\n");

    // The scanner sees the scenario's rows: the address in clear, the links as SHA-256 digests.
    expect(tables).toEqual(expect.arrayContaining(["User", "Session", "PendingSignIn", "RecoveryCode", "EmailToken", "AuditEvent", "OutboxMessage"]));
    expect(dump).toContain(input.email);
    expect(dump).toContain(hashToken(resetToken));
    expect(dump).toContain(hashToken(changeToken));
    expect(dump).toContain(hashToken(sessionToken));
    expect(lines.filter((line) => line.startsWith("RecoveryCode ") && line.includes(userId))).toHaveLength(10); // the current set

    const leaks = secrets.flatMap(({ label, value, kind }) =>
      encodedForms(value, kind)
        .filter((form) => dump.includes(form) || dump.toLowerCase().includes(form.toLowerCase()))
        .map((form) => `${label} as ${JSON.stringify(form)} in: ${lines.find((line) => line.toLowerCase().includes(form.toLowerCase()))?.slice(0, 200)}`),
    );
    expect(leaks).toEqual([]);
    // Recovery codes are also looked for without their dash, as the app compares them.
    for (const code of [...firstCodes, ...secondCodes]) expect(dump.toLowerCase()).not.toContain(code.replace("-", ""));

    // The security log in particular never holds them, and the outbox holds no mail of this scenario.
    const audit = JSON.stringify(await db.auditEvent.findMany({ where: { userId } }));
    expect(audit.length).toBeGreaterThan(100);
    for (const { value } of secrets) expect(audit).not.toContain(value);
    expect(await db.outboxMessage.count({ where: { recipient: { in: [input.email, newEmail] } } })).toBe(0);
    // The secrets did exist: the links reached the mailbox.
    expect(smtp.sink.messages.some((mail) => textPart(mail).includes(resetToken))).toBe(true);
  });
});

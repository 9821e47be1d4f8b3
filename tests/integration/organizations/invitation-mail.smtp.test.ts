// Invitations through a real SMTP server (SMTP_URL): both invitees receive their own link at
// the server, and the links work once. The configuration is read once per module graph, so
// the modules are imported fresh after SMTP_URL is set.
import { expect, test } from "vitest";
import { useSmtpSink } from "../../setup/smtp-sink";

const smtp = useSmtpSink();

test("inviting two addresses sends each its own single-use link through the SMTP server", async () => {
  const { inviteMembersAction } = await import("@/app/(settings)/settings/organization/members/actions");
  const { acceptInvitation } = await import("@/lib/organizations/invitations");
  const { backgroundMailSent } = await import("@/lib/email/send-email");
  const { db } = await import("@/lib/db/client");
  const { testContext, uniqueEmail } = await import("../../fixtures/builders");
  const { call, createOrganization, createPerson } = await import("./members-builders");

  const { org, people } = await createOrganization(["owner"], { names: ["Grace"] });
  const joiner = await createPerson({ firstName: "Linus", lastName: "Pauling" });
  const newcomer = uniqueEmail("newcomer");
  const before = smtp.sink.messages.length;
  const result = await call(inviteMembersAction, people[0]!.session, { organizationId: org.id, emails: `${joiner.email}\n${newcomer}`, roleId: "developer" });
  expect(result).toMatchObject({ ok: true });
  await backgroundMailSent();
  const mails = await smtp.sink.waitFor(before + 2);
  const links = new Map<string, string>();
  for (const mail of mails.slice(before)) {
    expect(mail.headers.subject).toBe(`Grace owner invited you to ${org.name} on Latchkey`);
    const text = mail.parts.find((part) => part.contentType.startsWith("text/plain"))!.body;
    const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token, text).toBeDefined();
    links.set(mail.envelope.to[0]!, token!);
  }
  expect([...links.keys()].sort()).toEqual([joiner.email, newcomer].sort());
  expect(links.get(joiner.email)).not.toBe(links.get(newcomer));
  // Nothing in the database can be used as the link.
  const stored = await db.invitation.findMany({ where: { orgId: org.id }, select: { tokenHash: true } });
  for (const token of links.values()) expect(stored.map((row) => row.tokenHash)).not.toContain(token);

  await acceptInvitation(joiner.userId, links.get(joiner.email)!, testContext());
  expect(await db.membership.findUnique({ where: { orgId_userId: { orgId: org.id, userId: joiner.userId } }, select: { role: true } })).toEqual({ role: "developer" });
  await expect(acceptInvitation(joiner.userId, links.get(joiner.email)!, testContext())).rejects.toThrow("This invitation was already used.");
});

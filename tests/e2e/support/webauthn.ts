// Chromium's virtual authenticator (CDP WebAuthn domain, one per page) and passkeys seeded
// straight into it and into the database: a credential made here with node:crypto is stored
// as the app stores a registered one (lib/webauthn/passkeys.ts), so a spec can start with a
// passkey without going through "Add passkey".
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { CDPSession, Page } from "@playwright/test";
import type { Db } from "./db";

export type VirtualCredential = {
  /** Standard base64, as CDP reports it. */
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  /** PKCS#8, base64. */
  privateKey: string;
  userHandle?: string;
  signCount: number;
};

export type ResponseOverrideBits = { isBogusSignature?: boolean; isBadUV?: boolean; isBadUP?: boolean };

export type VirtualAuthenticator = {
  cdp: CDPSession;
  authenticatorId: string;
  credentials: () => Promise<VirtualCredential[]>;
  addCredential: (credential: VirtualCredential) => Promise<void>;
  setUserVerified: (isUserVerified: boolean) => Promise<void>;
  setResponseOverrideBits: (bits: ResponseOverrideBits) => Promise<void>;
  remove: () => Promise<void>;
};

/**
 * A platform authenticator with resident keys and user verification that answers every
 * prompt at once (automaticPresenceSimulation), as a person touching the sensor would.
 */
export async function addVirtualAuthenticator(page: Page, cdp?: CDPSession): Promise<VirtualAuthenticator> {
  const session = cdp ?? (await page.context().newCDPSession(page));
  await session.send("WebAuthn.enable");
  const { authenticatorId } = await session.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    cdp: session,
    authenticatorId,
    credentials: async () => (await session.send("WebAuthn.getCredentials", { authenticatorId })).credentials as VirtualCredential[],
    addCredential: async (credential) => {
      await session.send("WebAuthn.addCredential", { authenticatorId, credential });
    },
    setUserVerified: async (isUserVerified) => {
      await session.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified });
    },
    setResponseOverrideBits: async (bits) => {
      await session.send("WebAuthn.setResponseOverrideBits", { authenticatorId, ...bits });
    },
    remove: async () => {
      await session.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
    },
  };
}

/** An EC2 P-256 ES256 public key as a COSE_Key: {1: 2, 3: -7, -1: 1, -2: x, -3: y} in CBOR. */
function coseEs256(x: Buffer, y: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]), x, Buffer.from([0x22, 0x58, 0x20]), y]);
}

export type SeededPasskey = { passkeyId: string; credentialId: string; credential: VirtualCredential };

/**
 * A passkey of `userId` in the authenticator (a discoverable credential for `rpId`) and, unless
 * `store` is false, in the database as the app stores one after registration.
 */
export async function seedPasskey(
  db: Db,
  authenticator: VirtualAuthenticator | null,
  userId: string,
  { name = "Seeded key", rpId = "localhost", signCount = 0, store = true }: { name?: string; rpId?: string; signCount?: number; store?: boolean } = {},
): Promise<SeededPasskey> {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const rawId = randomBytes(32);
  const credential: VirtualCredential = {
    credentialId: rawId.toString("base64"),
    isResidentCredential: true,
    rpId,
    privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    userHandle: Buffer.from(userId).toString("base64"),
    signCount,
  };
  await authenticator?.addCredential(credential);
  let passkeyId = "";
  if (store) {
    const row = await db.passkey.create({
      data: {
        userId,
        credentialId: rawId.toString("base64url"),
        publicKey: coseEs256(Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")).toString("base64url"),
        counter: signCount,
        transports: "internal",
        deviceType: "singleDevice",
        backedUp: false,
        aaguid: "00000000-0000-0000-0000-000000000000",
        name,
      },
      select: { id: true },
    });
    passkeyId = row.id;
  }
  return { passkeyId, credentialId: rawId.toString("base64url"), credential };
}

/** CDP reports credential ids in standard base64; the app stores base64url. */
export function toBase64Url(base64: string): string {
  return Buffer.from(base64, "base64").toString("base64url");
}

/**
 * Chromium's virtual authenticator answers a conditional (autofill) request at once, as if the
 * person had picked the passkey from the Email field's suggestions. Specs of the explicit
 * "Sign in with a passkey" button, or of typing a password, turn autofill off for the page.
 */
export async function disablePasskeyAutofill(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (typeof PublicKeyCredential !== "undefined") PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
  });
}

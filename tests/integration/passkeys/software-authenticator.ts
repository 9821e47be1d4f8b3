// A software passkey authenticator for tests without a browser: an ES256 key pair made with
// node:crypto, "none" attestation, and authenticator data built byte by byte (WebAuthn §6.1):
// rpIdHash (32) | flags (1) | signCount (4, big-endian) [| AAGUID (16) | idLength (2) | id | COSE key].
// Every field a real authenticator controls can be bent here, so the server's checks are
// tested one at a time: RP ID, origin, challenge, type, UP/UV flags, counter, signature.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

export const FLAG_UP = 0x01;
export const FLAG_UV = 0x04;
/** Backup eligible (BE) and backed up (BS): a synced passkey. */
export const FLAG_BE = 0x08;
export const FLAG_BS = 0x10;
export const FLAG_AT = 0x40;

type Cbor = number | string | Buffer | Map<Cbor, Cbor>;

function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) {
    const head = Buffer.alloc(3);
    head[0] = (major << 5) | 25;
    head.writeUInt16BE(length, 1);
    return head;
  }
  const head = Buffer.alloc(5);
  head[0] = (major << 5) | 26;
  head.writeUInt32BE(length, 1);
  return head;
}

/** The few CBOR types WebAuthn needs: integers, text, bytes and maps (RFC 8949). */
export function cbor(value: Cbor): Buffer {
  if (typeof value === "number") return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (Buffer.isBuffer(value)) return Buffer.concat([cborHead(2, value.length), value]);
  const parts = [cborHead(5, value.size)];
  for (const [key, item] of value) parts.push(cbor(key), cbor(item));
  return Buffer.concat(parts);
}

/** An EC2 P-256 public key for ES256 as a COSE_Key (RFC 9053): kty 2, alg -7, crv 1, x, y. */
export function coseEs256PublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  return cbor(
    new Map<Cbor, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]),
  );
}

export type CeremonyOverrides = {
  /** The origin the "browser" writes into clientDataJSON. */
  origin?: string;
  /** The RP ID whose hash goes into the authenticator data. */
  rpId?: string;
  /** The flags byte (defaults: UP|UV, plus AT on registration, plus BE|BS when synced). */
  flags?: number;
  /** The challenge signed, instead of the one in the options. */
  challenge?: string;
  /** clientDataJSON's type, instead of webauthn.create / webauthn.get. */
  type?: string;
  /** The signature counter reported, instead of the authenticator's next one. */
  counter?: number;
  /** Flip a bit of the signature after signing. */
  bogusSignature?: boolean;
};

const ZERO_AAGUID = Buffer.alloc(16);

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  /** The last signature count this authenticator reported. */
  signCount = 0;

  constructor(
    private readonly settings: {
      /** The origin of the site the ceremonies run on (APP_URL). */
      origin: string;
      /** Synced passkeys (BE|BS) report a counter of 0 forever. */
      synced?: boolean;
    },
  ) {}

  get id(): string {
    return this.credentialId.toString("base64url");
  }

  get publicKeyCose(): Buffer {
    return coseEs256PublicKey(this.keys.publicKey);
  }

  private rpIdOf(rpId: string | undefined): string {
    return rpId ?? new URL(this.settings.origin).hostname;
  }

  private nextCounter(override: number | undefined): number {
    if (override !== undefined) return override;
    if (this.settings.synced) return 0;
    this.signCount += 1;
    return this.signCount;
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const head = Buffer.alloc(37);
    createHash("sha256").update(rpId).digest().copy(head, 0);
    head[32] = flags;
    head.writeUInt32BE(counter, 33);
    return attested ? Buffer.concat([head, attested]) : head;
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), "utf8");
  }

  private baseFlags(): number {
    return FLAG_UP | FLAG_UV | (this.settings.synced ? FLAG_BE | FLAG_BS : 0);
  }

  /** navigator.credentials.create() with "none" attestation, for the options the server gave. */
  register(options: { challenge: string; rp: { id?: string } }, overrides: CeremonyOverrides = {}): RegistrationResponseJSON {
    const rpId = overrides.rpId ?? options.rp.id ?? this.rpIdOf(undefined);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([ZERO_AAGUID, idLength, this.credentialId, this.publicKeyCose]);
    const counter = overrides.counter ?? 0;
    const authData = this.authenticatorData(rpId, overrides.flags ?? this.baseFlags() | FLAG_AT, counter, attested);
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    const clientDataJSON = this.clientData(overrides.type ?? "webauthn.create", overrides.challenge ?? options.challenge, overrides.origin ?? this.settings.origin);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: clientDataJSON.toString("base64url"),
        attestationObject: attestationObject.toString("base64url"),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** navigator.credentials.get(): signs authenticatorData ‖ SHA-256(clientDataJSON) with the private key. */
  assert(options: { challenge: string; rpId?: string }, overrides: CeremonyOverrides = {}, userHandle?: string): AuthenticationResponseJSON {
    const authData = this.authenticatorData(this.rpIdOf(overrides.rpId ?? options.rpId), overrides.flags ?? this.baseFlags(), this.nextCounter(overrides.counter));
    const clientDataJSON = this.clientData(overrides.type ?? "webauthn.get", overrides.challenge ?? options.challenge, overrides.origin ?? this.settings.origin);
    const signature = sign("sha256", Buffer.concat([authData, createHash("sha256").update(clientDataJSON).digest()]), this.keys.privateKey);
    if (overrides.bogusSignature) signature[signature.length - 1] ^= 0x01;
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: clientDataJSON.toString("base64url"),
        authenticatorData: authData.toString("base64url"),
        signature: signature.toString("base64url"),
        ...(userHandle ? { userHandle: Buffer.from(userHandle).toString("base64url") } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}

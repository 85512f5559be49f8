/**
 * Typed errors for everything the DC-09 codec can refuse. `kind` is machine-readable (metrics,
 * fuzz histograms, the receiver's choice of response); `message` names what is wrong.
 */

export type Dc09ErrorKind =
  /** No LF at the start, no CR at the end, or a stray LF/CR inside the frame. */
  | "framing"
  /** Longer than the receiver's configured limit or the protocol's 0LLL maximum. */
  | "oversized"
  /** The 0LLL length field disagrees with the bytes received. */
  | "length"
  /** The CRC-16/ARC field disagrees with the bytes received. */
  | "crc"
  /** Sequence, receiver, line or account fields are malformed. */
  | "header"
  /** The quoted ID token is not one this receiver speaks. */
  | "token"
  /** The bracketed data, extended data or what follows them is malformed. */
  | "body"
  /** The timestamp is malformed or names an impossible date. */
  | "timestamp"
  /** Encrypted data that cannot be decrypted with the account's key (or there is no key). */
  | "decrypt"
  /** SIA DC-03 or Contact ID payload inside the data block is malformed. */
  | "payload";

export const DC09_ERROR_KINDS: readonly Dc09ErrorKind[] = [
  "framing",
  "oversized",
  "length",
  "crc",
  "header",
  "token",
  "body",
  "timestamp",
  "decrypt",
  "payload",
];

/** Header fields that were readable before the error, so a DUH can still echo them. */
export interface Dc09PartialHeader {
  sequence?: string;
  receiver?: string | null;
  line?: string | null;
  account?: string | null;
}

export class Dc09Error extends Error {
  readonly kind: Dc09ErrorKind;
  readonly header: Dc09PartialHeader | undefined;

  constructor(kind: Dc09ErrorKind, message: string, header?: Dc09PartialHeader) {
    super(`DC-09 ${kind}: ${message}`);
    this.name = "Dc09Error";
    this.kind = kind;
    this.header = header;
  }
}

/**
 * DC-09 encryption: AES-128, -192 or -256 in CBC mode with an all-zero IV, key per account.
 * The plaintext is the part of the message after `[`; random pad characters go in front of it so
 * its length is a multiple of the 16-byte AES block. The ciphertext travels as upper-case hex.
 * Because the IV is fixed, the random pad is what keeps two identical events from producing the
 * same ciphertext.
 */
import { createCipheriv, createDecipheriv, randomFillSync } from "node:crypto";
import { Dc09Error } from "./dc09-errors.ts";

const ZERO_IV = Buffer.alloc(16);
const PAD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function cipherName(key: Uint8Array): string {
  switch (key.length) {
    case 16:
      return "aes-128-cbc";
    case 24:
      return "aes-192-cbc";
    case 32:
      return "aes-256-cbc";
    default:
      throw new Dc09Error("decrypt", `AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
}

/** A key length check for configuration code: throws the same error decryption would. */
export function assertDc09Key(key: Uint8Array): void {
  cipherName(key);
}

/**
 * Pad characters: DC-09 forbids `|`, `[` and `]` in the pad (they delimit the data). Letters and
 * digits are always safe.
 */
// Pad bytes come from a pooled CSPRNG buffer: one refill serves hundreds of messages, where a
// randomBytes call per message cost more than the AES work itself.
const pool = Buffer.alloc(4096);
let poolPos = pool.length;

export function randomPad(length: number): string {
  if (poolPos + length > pool.length) {
    randomFillSync(pool);
    poolPos = 0;
  }
  let s = "";
  for (let i = 0; i < length; i++) s += PAD_ALPHABET[pool[poolPos++] % PAD_ALPHABET.length];
  return s;
}

/** Pad length (1..16) that makes `plainLength + pad` a whole number of AES blocks. */
export function padLengthFor(plainLength: number): number {
  return 16 - (plainLength % 16);
}

/** Encrypts an already padded plaintext (length a multiple of 16) to upper-case hex. */
export function encryptDc09(paddedPlain: string, key: Uint8Array): string {
  if (paddedPlain.length % 16 !== 0) {
    throw new Dc09Error("decrypt", `plaintext of ${paddedPlain.length} bytes is not a multiple of 16`);
  }
  const c = createCipheriv(cipherName(key), key, ZERO_IV);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(paddedPlain, "latin1"), c.final()])
    .toString("hex")
    .toUpperCase();
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * Decrypts the hex ciphertext. The result still carries its pad; the frame codec strips it.
 * A wrong key yields bytes, not an exception, so callers must check the structure of the result.
 */
export function decryptDc09(hex: string, key: Uint8Array): string {
  if (hex.length === 0 || hex.length % 32 !== 0) {
    throw new Dc09Error("decrypt", `ciphertext is ${hex.length} hex digits, not a positive multiple of 32`);
  }
  if (!isHex(hex)) throw new Dc09Error("decrypt", "ciphertext contains non-hex characters");
  const d = createDecipheriv(cipherName(key), key, ZERO_IV);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(hex, "hex")), d.final()]).toString("latin1");
}

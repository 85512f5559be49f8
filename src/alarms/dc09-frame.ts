/**
 * SIA DC-09 frame codec.
 *
 *   LF crc 0LLL "token" seq [Rrcvr] [Lpref] [#acct] [data] [xdata]… [_HH:MM:SS,MM-DD-YYYY] CR
 *
 * `crc` is CRC-16/ARC and `0LLL` the byte length, both in four ASCII hex digits and both over the
 * span from the opening double quote to the byte before CR. In an encrypted message the token
 * starts with `*` and everything after `[` is hex ciphertext of `pad|data]xdata_timestamp`.
 *
 * Parsing is two steps so a receiver can answer correctly at each stage: `parseDc09Frame` checks
 * integrity and reads the clear header (enough to echo in a response or look up the account's
 * key); `openDc09Content` decrypts when needed and splits data, extended data and timestamp.
 * The parser is a single forward scan with no regular expressions, so its time is linear in the
 * frame length whatever the input.
 */
import { crc16Arc } from "./crc16.ts";
import { decryptDc09, encryptDc09, padLengthFor, randomPad } from "./dc09-crypto.ts";
import { Dc09Error, type Dc09PartialHeader } from "./dc09-errors.ts";
import { formatDc09Timestamp, parseDc09Timestamp } from "./dc09-timestamp.ts";

export type Dc09Token = "SIA-DCS" | "ADM-CID" | "NULL" | "ACK" | "NAK" | "DUH";

/** Tokens that may be sent encrypted (`"*SIA-DCS"` and so on). */
const ENCRYPTABLE: ReadonlySet<string> = new Set(["SIA-DCS", "ADM-CID", "NULL", "ACK"]);
const TOKENS: ReadonlySet<string> = new Set(["SIA-DCS", "ADM-CID", "NULL", "ACK", "NAK", "DUH"]);

const LF = 0x0a;
const CR = 0x0d;

/** LF + crc(4) + length(4) + CR around the counted span. */
export const FRAME_OVERHEAD_BYTES = 10;
/** The 0LLL field has three significant hex digits, so the counted span is at most 0xFFF bytes. */
export const PROTOCOL_MAX_FRAME_BYTES = 0xfff + FRAME_OVERHEAD_BYTES;
/** Real panels send well under 300 bytes; a small default keeps a hostile sender cheap to refuse. */
export const DEFAULT_MAX_FRAME_BYTES = 1024;

export interface Dc09Header {
  token: Dc09Token;
  encrypted: boolean;
  /** Four decimal digits, echoed in the response so the panel can match it. */
  sequence: string;
  /** Hex digits after `R`, or null when the field is absent. */
  receiver: string | null;
  /** Hex digits after `L` (account prefix / line), or null when absent. */
  line: string | null;
  /** Hex digits after `#`, or null when absent (the NAK response has none). */
  account: string | null;
}

export interface Dc09Frame extends Dc09Header {
  /** Unencrypted: the text after `[`. Encrypted: the hex ciphertext after `[`. */
  payload: string;
  /** The counted span as text (latin1), kept for the audit trail. */
  raw: string;
}

export interface Dc09ExtendedData {
  /** One upper-case letter: X longitude, Y latitude, M MAC address, and so on. */
  id: string;
  value: string;
}

export interface Dc09Content {
  /** The data block between `[` and `]` (pad removed when it was encrypted). */
  data: string;
  extended: Dc09ExtendedData[];
  /** Epoch milliseconds, or null when the message carries no timestamp. */
  timestamp: number | null;
}

export interface Dc09ParseOptions {
  /** Refuse frames longer than this many bytes, LF and CR included. */
  maxFrameBytes?: number;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function isHexChar(c: number): boolean {
  return hexValue(c) >= 0;
}

function read4Hex(b: Uint8Array, at: number): number {
  let v = 0;
  for (let i = at; i < at + 4; i++) {
    const h = hexValue(b[i]);
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

function printable(s: string, start = 0, end = s.length): string {
  return JSON.stringify(s.slice(start, Math.min(end, start + 40)));
}

/** End of the run of at most `max` hex digits starting at `from`. */
function hexRun(s: string, from: number, max: number): number {
  let i = from;
  while (i < s.length && i - from < max && isHexChar(s.charCodeAt(i))) i++;
  return i;
}

/** Reads the clear header from the counted span; `s[0]` is the opening quote. */
function parseHeader(s: string): { header: Dc09Header; payloadStart: number } | Dc09Error {
  if (s.charCodeAt(0) !== 0x22) return new Dc09Error("header", `expected '"' before the ID token, got ${printable(s, 0, 1)}`);
  let close = -1;
  for (let i = 1; i < s.length && i <= 17; i++) {
    if (s.charCodeAt(i) === 0x22) {
      close = i;
      break;
    }
  }
  if (close < 0) return new Dc09Error("header", "ID token is not closed by '\"' within 16 characters");
  const tokenText = s.slice(1, close);
  let pos = close + 1;
  const partial: Dc09PartialHeader = {};

  if (pos + 4 > s.length) return new Dc09Error("header", "sequence number missing");
  for (let i = pos; i < pos + 4; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return new Dc09Error("header", `sequence number must be 4 digits, got ${printable(s, pos, pos + 4)}`);
  }
  const sequence = s.slice(pos, pos + 4);
  partial.sequence = sequence;
  pos += 4;

  // Inline reads rather than a nested closure: this runs once per frame on the hot path.
  let receiver: string | null = null;
  if (s.charCodeAt(pos) === 0x52 /* R */) {
    const end = hexRun(s, pos + 1, 6);
    if (end === pos + 1)
      return new Dc09Error("header", `receiver number (R) needs 1-6 hex digits, got ${printable(s, pos, pos + 7)}`, partial);
    receiver = s.slice(pos + 1, end);
    pos = end;
  }
  partial.receiver = receiver;
  let line: string | null = null;
  if (s.charCodeAt(pos) === 0x4c /* L */) {
    const end = hexRun(s, pos + 1, 6);
    if (end === pos + 1)
      return new Dc09Error("header", `account prefix (L) needs 1-6 hex digits, got ${printable(s, pos, pos + 7)}`, partial);
    line = s.slice(pos + 1, end);
    pos = end;
  }
  partial.line = line;
  let account: string | null = null;
  if (s.charCodeAt(pos) === 0x23 /* # */) {
    const end = hexRun(s, pos + 1, 16);
    if (end - pos - 1 < 3) return new Dc09Error("header", `account (#) needs 3-16 hex digits, got ${printable(s, pos, pos + 17)}`, partial);
    account = s.slice(pos + 1, end);
    pos = end;
  }
  partial.account = account;

  if (s.charCodeAt(pos) !== 0x5b /* [ */) {
    return new Dc09Error("header", `expected '[' after the header, got ${printable(s, pos, pos + 8)}`, partial);
  }
  const encrypted = tokenText.charCodeAt(0) === 0x2a; /* * */
  const name = encrypted ? tokenText.slice(1) : tokenText;
  if (!TOKENS.has(name) || (encrypted && !ENCRYPTABLE.has(name))) {
    return new Dc09Error("token", `unknown ID token ${JSON.stringify(tokenText)}`, partial);
  }
  return {
    header: { token: name as Dc09Token, encrypted, sequence, receiver, line, account },
    payloadStart: pos + 1,
  };
}

/**
 * Checks framing, size, length and CRC, then reads the clear header. Throws Dc09Error; never
 * anything else for any input bytes.
 */
export function parseDc09Frame(bytes: Uint8Array, options: Dc09ParseOptions = {}): Dc09Frame {
  const max = Math.min(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES, PROTOCOL_MAX_FRAME_BYTES);
  const n = bytes.length;
  if (n > max) {
    const which = max === PROTOCOL_MAX_FRAME_BYTES ? "the protocol maximum" : "the receiver limit maxFrameBytes";
    throw new Dc09Error("oversized", `frame is ${n} bytes, over ${which} of ${max}`);
  }
  if (n < FRAME_OVERHEAD_BYTES + 1) throw new Dc09Error("framing", `frame is only ${n} bytes`);
  if (bytes[0] !== LF) throw new Dc09Error("framing", `frame must start with LF (0x0A), got 0x${bytes[0].toString(16)}`);
  if (bytes[n - 1] !== CR) throw new Dc09Error("framing", `frame must end with CR (0x0D), got 0x${bytes[n - 1].toString(16)}`);
  for (let i = 1; i < n - 1; i++) {
    const c = bytes[i];
    if (c === LF || c === CR) throw new Dc09Error("framing", `stray ${c === LF ? "LF" : "CR"} at byte ${i}`);
  }
  const crcGiven = read4Hex(bytes, 1);
  if (crcGiven < 0) throw new Dc09Error("crc", "CRC field is not 4 hex digits");
  if (bytes[5] !== 0x30) throw new Dc09Error("length", "length field must have the form 0LLL");
  const lengthGiven = read4Hex(bytes, 5);
  if (lengthGiven < 0) throw new Dc09Error("length", "length field is not 4 hex digits");
  const spanStart = 9;
  const spanEnd = n - 1;
  const actual = spanEnd - spanStart;
  if (lengthGiven !== actual) {
    throw new Dc09Error(
      "length",
      `length field says ${lengthGiven} (0x${lengthGiven.toString(16).toUpperCase()}) bytes, received ${actual} (0x${actual.toString(16).toUpperCase()})`,
    );
  }
  const crcActual = crc16Arc(bytes, spanStart, spanEnd);
  if (crcGiven !== crcActual) {
    const hex = (v: number) => v.toString(16).toUpperCase().padStart(4, "0");
    throw new Dc09Error("crc", `CRC field is ${hex(crcGiven)}, computed ${hex(crcActual)}`);
  }
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset + spanStart, actual).toString("latin1");
  const parsed = parseHeader(raw);
  if (parsed instanceof Dc09Error) throw parsed;
  const h = parsed.header;
  // Spelled out: object spread is several times slower here and this runs once per frame.
  return {
    token: h.token,
    encrypted: h.encrypted,
    sequence: h.sequence,
    receiver: h.receiver,
    line: h.line,
    account: h.account,
    payload: raw.slice(parsed.payloadStart),
    raw,
  };
}

/** Splits `data]` `[xdata]…` `_timestamp`; `text` starts just after the opening `[`. */
function parseContent(text: string, header: Dc09PartialHeader): Dc09Content {
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 0x5d /* ] */) break;
    if (c === 0x5b) throw new Dc09Error("body", `'[' inside the data block at ${pos}`, header);
    if (c < 0x20 || c === 0x7f) throw new Dc09Error("body", `control character 0x${c.toString(16)} in the data block`, header);
    pos++;
  }
  if (pos >= n) throw new Dc09Error("body", "data block is not closed by ']'", header);
  const data = text.slice(0, pos);
  pos++;
  const extended: Dc09ExtendedData[] = [];
  while (pos < n && text.charCodeAt(pos) === 0x5b) {
    const start = ++pos;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 0x5d) break;
      if (c === 0x5b) throw new Dc09Error("body", `'[' inside extended data at ${pos}`, header);
      if (c < 0x20 || c === 0x7f) throw new Dc09Error("body", `control character 0x${c.toString(16)} in extended data`, header);
      pos++;
    }
    if (pos >= n) throw new Dc09Error("body", "extended data is not closed by ']'", header);
    const id = text.charCodeAt(start);
    if (pos === start || id < 65 || id > 90) {
      throw new Dc09Error("body", `extended data must start with an upper-case letter, got ${printable(text, start, pos)}`, header);
    }
    extended.push({ id: text[start], value: text.slice(start + 1, pos) });
    pos++;
  }
  if (pos === n) return { data, extended, timestamp: null };
  if (text.charCodeAt(pos) !== 0x5f /* _ */) {
    throw new Dc09Error("body", `unexpected ${printable(text, pos)} after the data`, header);
  }
  try {
    return { data, extended, timestamp: parseDc09Timestamp(text.slice(pos)) };
  } catch (e) {
    if (e instanceof Dc09Error) throw new Dc09Error("timestamp", e.message.replace(/^DC-09 timestamp: /, ""), header);
    throw e;
  }
}

/**
 * Decrypts (when the token starts with `*`) and splits the content. `key` is the account's AES key;
 * an encrypted frame without one, or with the wrong one, is a "decrypt" error.
 */
export function openDc09Content(frame: Dc09Frame, key?: Uint8Array | null): Dc09Content {
  const header: Dc09PartialHeader = {
    sequence: frame.sequence,
    receiver: frame.receiver,
    line: frame.line,
    account: frame.account,
  };
  if (!frame.encrypted) return parseContent(frame.payload, header);
  if (!key) throw new Dc09Error("decrypt", `encrypted message but no key for account ${frame.account ?? "(none)"}`, header);
  let plain: string;
  try {
    plain = decryptDc09(frame.payload, key);
  } catch (e) {
    if (e instanceof Dc09Error) throw new Dc09Error(e.kind, e.message.replace(/^DC-09 \w+: /, ""), header);
    throw e;
  }
  // The pad runs to the first '|' (data follows) or ']' (no data). Senders differ in what they
  // pad with (some use control characters), so only '[' is refused in it. A wrong key gives
  // random bytes, which almost never survive the structure and timestamp checks that follow.
  let i = 0;
  for (; i < plain.length; i++) {
    const c = plain.charCodeAt(i);
    if (c === 0x7c || c === 0x5d) break;
    if (c === 0x5b) throw new Dc09Error("decrypt", "decrypted pad contains '[' (wrong key?)", header);
  }
  if (i === plain.length) throw new Dc09Error("decrypt", "decrypted text has no ']' (wrong key?)", header);
  const rest = plain.charCodeAt(i) === 0x7c ? plain.slice(i + 1) : plain.slice(i);
  try {
    return parseContent(rest, header);
  } catch (e) {
    if (e instanceof Dc09Error) throw new Dc09Error("decrypt", `decrypted content is malformed (wrong key?): ${e.message}`, header);
    throw e;
  }
}

export interface Dc09Message {
  token: Dc09Token;
  encrypted?: boolean;
  /** 0-9999, or the four digits as text. */
  sequence: number | string;
  receiver?: string | null;
  line?: string | null;
  account?: string | null;
  data?: string;
  extended?: Dc09ExtendedData[];
  /** Epoch milliseconds (whole seconds are sent), or null/undefined for none. */
  timestamp?: number | null;
}

export interface Dc09BuildOptions {
  /** AES key, required when `encrypted` is set. */
  key?: Uint8Array | null;
  /** Pad generator, for reproducible fixtures; defaults to random letters and digits. */
  pad?: (length: number) => string;
}

/** Pad characters must be printable ASCII other than the delimiters '|', '[' and ']'. */
function isPadText(pad: string): boolean {
  for (let i = 0; i < pad.length; i++) {
    const c = pad.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x7c || c === 0x5b || c === 0x5d) return false;
  }
  return true;
}

function checkHexField(value: string, name: string, min: number, max: number): void {
  if (value.length < min || value.length > max) throw new Dc09Error("header", `${name} must have ${min}-${max} hex digits`);
  for (let i = 0; i < value.length; i++) {
    if (!isHexChar(value.charCodeAt(i))) throw new Dc09Error("header", `${name} ${JSON.stringify(value)} is not hex`);
  }
}

function checkText(value: string, what: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c > 0xff || c === 0x5b || c === 0x5d) {
      throw new Dc09Error("body", `${what} may not contain '[', ']', control or non-latin1 characters`);
    }
  }
}

/** Builds a complete frame, LF to CR. Throws Dc09Error on a field DC-09 cannot carry. */
export function buildDc09Frame(message: Dc09Message, options: Dc09BuildOptions = {}): Buffer {
  const encrypted = message.encrypted ?? false;
  if (!TOKENS.has(message.token) || (encrypted && !ENCRYPTABLE.has(message.token))) {
    throw new Dc09Error("token", `cannot send token ${encrypted ? "*" : ""}${message.token}`);
  }
  const seq = typeof message.sequence === "number" ? String(message.sequence).padStart(4, "0") : message.sequence;
  if (!/^[0-9]{4}$/.test(seq)) throw new Dc09Error("header", `sequence ${JSON.stringify(seq)} must be 0000-9999`);
  let head = `"${encrypted ? "*" : ""}${message.token}"${seq}`;
  if (message.receiver != null) {
    checkHexField(message.receiver, "receiver", 1, 6);
    head += `R${message.receiver}`;
  }
  if (message.line != null) {
    checkHexField(message.line, "account prefix", 1, 6);
    head += `L${message.line}`;
  }
  if (message.account != null) {
    checkHexField(message.account, "account", 3, 16);
    head += `#${message.account}`;
  }
  const data = message.data ?? "";
  checkText(data, "data");
  let tail = "";
  for (const x of message.extended ?? []) {
    if (!/^[A-Z]$/.test(x.id)) throw new Dc09Error("body", `extended data id ${JSON.stringify(x.id)} must be one upper-case letter`);
    checkText(x.value, "extended data");
    tail += `[${x.id}${x.value}]`;
  }
  if (message.timestamp != null) tail += formatDc09Timestamp(message.timestamp);
  let body: string;
  if (encrypted) {
    if (!options.key) throw new Dc09Error("decrypt", "an encrypted frame needs a key");
    const plain = `${data.length > 0 ? `|${data}` : ""}]${tail}`;
    const padLength = padLengthFor(plain.length);
    const pad = (options.pad ?? randomPad)(padLength);
    if (pad.length !== padLength || !isPadText(pad)) {
      throw new Dc09Error("body", `pad must be ${padLength} printable characters other than '|', '[' and ']'`);
    }
    body = `${head}[${encryptDc09(pad + plain, options.key)}`;
  } else {
    body = `${head}[${data}]${tail}`;
  }
  const span = Buffer.from(body, "latin1");
  if (span.length > 0xfff) throw new Dc09Error("oversized", `frame body is ${span.length} bytes, over the 0LLL maximum of 4095`);
  const out = Buffer.allocUnsafe(span.length + FRAME_OVERHEAD_BYTES);
  out[0] = LF;
  out.write(crc16Arc(span).toString(16).toUpperCase().padStart(4, "0"), 1, "latin1");
  out.write(span.length.toString(16).toUpperCase().padStart(4, "0"), 5, "latin1");
  span.copy(out, 9);
  out[out.length - 1] = CR;
  return out;
}

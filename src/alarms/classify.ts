/**
 * One DC-09 frame in, one decision out: the decoded signal and the ACK to send once it is
 * committed, an ACK for a retransmission already committed, or a rejection with the response
 * DC-09 prescribes (NAK, DUH, or silence).
 *
 * Silence for frames that fail framing, length or CRC checks: DC-09 acknowledges messages
 * "received without errors" and answers DUH only to "otherwise correctly received" ones, and the
 * header of a corrupted frame cannot be trusted to echo. The panel retries after its ACK timeout.
 * Staying silent also means a spoofed UDP source cannot use the receiver as a reflector.
 */
import { createHash } from "node:crypto";
import { decodeContactIdData } from "./contact-id.ts";
import { Dc09Error, type Dc09ErrorKind, type Dc09PartialHeader } from "./dc09-errors.ts";
import { type Dc09Content, type Dc09Frame, openDc09Content, parseDc09Frame } from "./dc09-frame.ts";
import { buildAck, buildDuh, buildNak } from "./dc09-response.ts";
import type { AlarmEvent, AlarmSignal } from "./model.ts";
import type { ReplayGuard } from "./replay-guard.ts";
import { decodeSiaData } from "./sia-dc03.ts";

export interface AccountConfig {
  /** AES-128/192/256 key (16, 24 or 32 bytes). When set, the account must encrypt. */
  key?: Uint8Array | null;
}

export type AccountLookup = (account: string) => AccountConfig | null | undefined;

/** How far the panel's clock may be from ours: DC-09 suggests +20 s / -40 s. */
export interface TimestampWindow {
  /** How old a message may be (panel clock behind ours, or delivery delay). */
  pastMs: number;
  /** How far in the future a message may be (panel clock ahead of ours). */
  futureMs: number;
}

export const DEFAULT_TIMESTAMP_WINDOW: TimestampWindow = { pastMs: 40_000, futureMs: 20_000 };

export type RejectionReason =
  | Dc09ErrorKind
  | "unexpected-response-token"
  | "no-account"
  | "unknown-account"
  | "unencrypted-for-keyed-account"
  | "missing-timestamp"
  | "stale-timestamp"
  | "future-timestamp"
  | "no-events";

export type ResponseType = "ACK" | "NAK" | "DUH";

export type Classification =
  | {
      /** New signal: commit it, then send `response` (the ACK). */
      outcome: "accept";
      signal: AlarmSignal;
      response: Buffer;
      responseType: "ACK";
    }
  | {
      /** A retransmission of a signal already committed: send the ACK again, commit nothing. */
      outcome: "duplicate";
      signal: AlarmSignal;
      response: Buffer;
      responseType: "ACK";
    }
  | {
      outcome: "reject";
      reason: RejectionReason;
      detail: string;
      /** What to send back, or null for no answer at all. */
      response: Buffer | null;
      responseType: "NAK" | "DUH" | null;
    };

export interface ClassifyOptions {
  window?: TimestampWindow;
  maxFrameBytes?: number;
  /** Remembers committed signals; without it every frame counts as new. */
  guard?: ReplayGuard;
  /** Also demand a timestamp from unencrypted messages (DC-09 makes it optional for them). */
  requireTimestamp?: boolean;
}

type Reject = Extract<Classification, { outcome: "reject" }>;

function duh(reason: RejectionReason, detail: string, echo: Dc09PartialHeader): Reject {
  return { outcome: "reject", reason, detail, response: buildDuh(echo), responseType: "DUH" };
}

function silent(reason: RejectionReason, detail: string): Reject {
  return { outcome: "reject", reason, detail, response: null, responseType: null };
}

function idempotencyKey(frame: Dc09Frame, account: string, data: string): string {
  const h = createHash("sha256").update(`${frame.token}\u0000${data}`).digest("hex").slice(0, 16);
  return `dc09:${account}:${frame.line ?? ""}:${frame.sequence}:${h}`;
}

export function classify(bytes: Uint8Array, now: number, lookupAccount: AccountLookup, options: ClassifyOptions = {}): Classification {
  let frame: Dc09Frame;
  try {
    frame = parseDc09Frame(bytes, { maxFrameBytes: options.maxFrameBytes });
  } catch (e) {
    if (!(e instanceof Dc09Error)) throw e;
    // An unknown token in a frame whose CRC and length are right is "otherwise correctly
    // received": DUH. Everything else failed integrity and gets no answer.
    if (e.kind === "token" && e.header?.sequence) return duh("token", e.message, e.header);
    return silent(e.kind, e.message);
  }
  const echo: Dc09PartialHeader = {
    sequence: frame.sequence,
    receiver: frame.receiver,
    line: frame.line,
    account: frame.account,
  };
  if (frame.token === "ACK" || frame.token === "NAK" || frame.token === "DUH") {
    // Answering a response could start two receivers talking to each other forever.
    return silent("unexpected-response-token", `a receiver does not answer ${frame.token}`);
  }

  // The account and its key decide everything after this point, so look it up first when the
  // header names it; a clear-text message may name it only inside the data block.
  let account = frame.account;
  let config: AccountConfig | null | undefined = null;
  if (account) {
    config = lookupAccount(account);
    if (!config) return duh("unknown-account", `account ${account} is not registered`, echo);
  } else if (frame.encrypted) {
    return duh("no-account", "encrypted message without #account in the header", echo);
  }
  if (config?.key && !frame.encrypted) {
    // Accepting clear text for an account that has a key would let anyone forge its alarms.
    return duh("unencrypted-for-keyed-account", `account ${account} must send encrypted messages`, echo);
  }

  let content: Dc09Content;
  let events: AlarmEvent[] = [];
  try {
    content = openDc09Content(frame, config?.key);
    if (frame.token === "SIA-DCS") {
      const d = decodeSiaData(content.data);
      events = d.events;
      account ??= d.account;
    } else if (frame.token === "ADM-CID") {
      const d = decodeContactIdData(content.data);
      events = d.events;
      account ??= d.account;
    }
  } catch (e) {
    if (!(e instanceof Dc09Error)) throw e;
    return duh(e.kind, e.message, echo);
  }

  if (!config) {
    if (!account) return duh("no-account", "no #account in the header or the data", echo);
    config = lookupAccount(account);
    if (!config) return duh("unknown-account", `account ${account} is not registered`, echo);
    if (config.key) {
      return duh("unencrypted-for-keyed-account", `account ${account} must send encrypted messages`, echo);
    }
  }
  if (!account) return duh("no-account", "no account", echo);

  const window = options.window ?? DEFAULT_TIMESTAMP_WINDOW;
  if (content.timestamp === null) {
    if (frame.encrypted || options.requireTimestamp) {
      return {
        outcome: "reject",
        reason: "missing-timestamp",
        detail: "message has no timestamp",
        response: buildNak(now),
        responseType: "NAK",
      };
    }
  } else if (content.timestamp < now - window.pastMs) {
    const detail = `timestamp is ${Math.round((now - content.timestamp) / 1000)} s old, window allows ${window.pastMs / 1000} s`;
    return { outcome: "reject", reason: "stale-timestamp", detail, response: buildNak(now), responseType: "NAK" };
  } else if (content.timestamp > now + window.futureMs) {
    const detail = `timestamp is ${Math.round((content.timestamp - now) / 1000)} s ahead, window allows ${window.futureMs / 1000} s`;
    return { outcome: "reject", reason: "future-timestamp", detail, response: buildNak(now), responseType: "NAK" };
  }

  if (frame.token !== "NULL" && events.length === 0) {
    return duh("no-events", `${frame.token} message carries no event`, echo);
  }

  const signal: AlarmSignal = {
    protocol: frame.token,
    linkTest: frame.token === "NULL",
    encrypted: frame.encrypted,
    account,
    receiver: frame.receiver,
    line: frame.line,
    sequence: frame.sequence,
    sentAt: content.timestamp,
    receivedAt: now,
    events,
    extended: content.extended,
    data: content.data,
    raw: frame.raw,
    idempotencyKey: idempotencyKey(frame, account, content.data),
  };
  // Echo the header; an account the panel put only in the data block is echoed too, since
  // DC-09's ACK always names the account.
  const response = buildAck(
    { sequence: frame.sequence, receiver: frame.receiver, line: frame.line, account: frame.account ?? account },
    now,
    frame.encrypted ? config?.key : null,
  );
  if (options.guard?.has(signal.idempotencyKey, now)) {
    return { outcome: "duplicate", signal, response, responseType: "ACK" };
  }
  return { outcome: "accept", signal, response, responseType: "ACK" };
}

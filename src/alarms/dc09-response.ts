/**
 * The receiver's three answers (SIA DC-09-2013 §5.5.3):
 *
 * - ACK: the message was received without errors. It echoes sequence, receiver, account prefix
 *   and account. Answering an encrypted message, it is itself encrypted ("*ACK") and carries the
 *   receiver's timestamp behind the pad: `"*ACK"seq Rr Lp #acct [hex(pad]_HH:MM:SS,MM-DD-YYYY)`.
 * - NAK: an (encrypted) message failed the timestamp test. It is never encrypted, uses the fixed
 *   fields `"NAK"0000R0L0A0[]` and carries the receiver's timestamp so the panel can correct its
 *   clock before it retries.
 * - DUH: an otherwise correctly received message the receiver cannot process (unknown account,
 *   token or payload, undecryptable data). It echoes the header and is sent in the clear.
 */
import { buildDc09Frame, type Dc09BuildOptions } from "./dc09-frame.ts";

export interface EchoFields {
  sequence: string;
  receiver: string | null;
  line: string | null;
  account: string | null;
}

/** ACK; pass `key` when answering an encrypted message (the ACK is then encrypted and timestamped). */
export function buildAck(echo: EchoFields, now: number, key?: Uint8Array | null, options: Dc09BuildOptions = {}): Buffer {
  return buildDc09Frame(
    {
      token: "ACK",
      encrypted: !!key,
      sequence: echo.sequence,
      receiver: echo.receiver,
      line: echo.line,
      account: echo.account,
      timestamp: key ? now : null,
    },
    { pad: options.pad, key },
  );
}

/** NAK with the receiver's clock, exactly `"NAK"0000R0L0A0[]_HH:MM:SS,MM-DD-YYYY`. */
export function buildNak(now: number): Buffer {
  // "L0A0" reads as account prefix "0A0" under the header grammar, so the fixed text falls out
  // of the ordinary builder.
  return buildDc09Frame({ token: "NAK", sequence: "0000", receiver: "0", line: "0A0", timestamp: now });
}

/** DUH, echoing whatever header fields could be read. */
export function buildDuh(echo: Partial<EchoFields>): Buffer {
  return buildDc09Frame({
    token: "DUH",
    sequence: echo.sequence ?? "0000",
    receiver: echo.receiver ?? null,
    line: echo.line ?? null,
    account: echo.account ?? null,
  });
}

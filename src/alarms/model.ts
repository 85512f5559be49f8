/**
 * What the alarm receiver hands to the rest of Lantern: one decoded DC-09 message (an alarm
 * signal, 报警信号) with its events, already mapped to Lantern categories.
 */
import type { AddressUnit, AlarmCategory, AlarmEventKind } from "./codes.ts";
import type { Dc09ExtendedData } from "./dc09-frame.ts";

export interface ContactIdFields {
  /** 1 new event or opening, 3 restore or closing, 6 status report of a condition still present. */
  qualifier: 1 | 3 | 6;
  /** Three-digit Contact ID event code, e.g. "130" burglary. */
  event: string;
  /** Two-digit partition (group). */
  partition: string;
  /** Three-digit zone or user number. */
  zoneOrUser: string;
}

export interface AlarmEvent {
  /** Two-letter SIA event code; null for a Contact ID event Lantern has no mapping for. */
  code: string | null;
  /** True when the code is in Lantern's table (category and descriptions are meaningful). */
  known: boolean;
  category: AlarmCategory;
  kind: AlarmEventKind;
  descriptionEn: string;
  descriptionZh: string;
  /** What the raw address number refers to, per the code. */
  unit: AddressUnit;
  /** The number that followed the code (SIA) or the CCC field (Contact ID), as sent. */
  address: string | null;
  zone: number | null;
  user: number | null;
  /** Partition / area: SIA `ri` modifier, Contact ID GG, or the address of an area code. */
  partition: number | null;
  /** Free text the panel attached (SIA `^text^` or an `A` block). */
  text: string | null;
  /** SIA modifiers such as ti (time), id (user), pi (peripheral), as sent. */
  modifiers: Record<string, string>;
  /** Present for Contact ID messages. */
  contactId: ContactIdFields | null;
}

export type AlarmProtocol = "SIA-DCS" | "ADM-CID" | "NULL";

export interface AlarmSignal {
  protocol: AlarmProtocol;
  /** NULL messages are link supervision (心跳): no events, but proof the path is up. */
  linkTest: boolean;
  encrypted: boolean;
  account: string;
  receiver: string | null;
  line: string | null;
  sequence: string;
  /** Panel's timestamp (epoch ms, UTC), or null when the message carried none. */
  sentAt: number | null;
  /** Receiver's clock when the frame was classified (epoch ms). */
  receivedAt: number;
  events: AlarmEvent[];
  extended: Dc09ExtendedData[];
  /** The decrypted data block, for the raw-signal attachment. */
  data: string;
  /** The frame as received (latin1, without LF/CR; still ciphertext when encrypted). */
  raw: string;
  /**
   * Stable across retransmissions of the same message (same account, line, sequence and data),
   * so a create from the receiver is idempotent. Sequence numbers wrap, so consumers should keep
   * keys for a bounded time (a day is ample), not forever.
   */
  idempotencyKey: string;
  /** Filled by the receiver: how the frame arrived. */
  transport?: "tcp" | "udp";
  remoteAddress?: string;
}

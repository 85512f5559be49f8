/** Turns a code and its address into an AlarmEvent using Lantern's code table. */
import { siaCodeInfo } from "./codes.ts";
import type { AlarmEvent, ContactIdFields } from "./model.ts";

function toNumber(s: string | null | undefined): number | null {
  if (s == null || s.length === 0 || s.length > 9) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(s);
}

export interface EventParts {
  code: string | null;
  address: string | null;
  modifiers?: Record<string, string>;
  text?: string | null;
  partition?: string | null;
  contactId?: ContactIdFields | null;
}

export function makeAlarmEvent(parts: EventParts): AlarmEvent {
  const info = parts.code ? siaCodeInfo(parts.code) : undefined;
  const modifiers = parts.modifiers ?? {};
  // A code whose meaning Lantern does not know still carries its number; calling it a zone is
  // the least surprising reading for an operator looking at the raw signal.
  const unit = info?.unit ?? "zone";
  const address = parts.address && parts.address.length > 0 ? parts.address : null;
  const n = toNumber(address);
  return {
    code: parts.code,
    known: info !== undefined,
    category: info?.category ?? "other",
    kind: info?.kind ?? "info",
    descriptionEn: info?.en ?? (parts.code ? `SIA code ${parts.code}` : `Contact ID event ${parts.contactId?.event ?? "?"}`),
    descriptionZh: info?.zh ?? (parts.code ? `SIA 代码 ${parts.code}` : `Contact ID 事件 ${parts.contactId?.event ?? "?"}`),
    unit,
    address,
    zone: unit === "zone" ? n : null,
    user: unit === "user" ? n : toNumber(modifiers.id),
    partition: unit === "area" ? n : toNumber(parts.partition ?? modifiers.ri),
    text: parts.text ?? null,
    modifiers,
    contactId: parts.contactId ?? null,
  };
}

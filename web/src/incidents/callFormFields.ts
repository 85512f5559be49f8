/**
 * The call form's fields as the reader sees them: the label each field shows (so a refusal names
 * "报警人" rather than the server's `caller.name`) and the length each takes, read from the
 * server's own limits, checked while the call-taker types.
 */
import { TEXT_LIMITS } from "../../../src/incidents/model.ts";
import type { FieldError, FieldLabels } from "../platform/errors.tsx";

/** Field (as `fieldOf` names a problem's pointer) → the string key of its label on screen. */
export const CALL_FORM_LABELS: FieldLabels = {
  location: "field.location",
  categoryCode: "field.categoryCode",
  priority: "field.priority",
  "caller.phone": "field.caller.phone",
  "caller.name": "field.caller.name",
  narrative: "field.narrative",
  channel: "field.channel",
};

/** The draft's free-text fields, the form field each one's error shows under, and its limit. */
const LIMITED = [
  { draft: "phone", field: "caller.phone", max: TEXT_LIMITS.callerPhone },
  { draft: "name", field: "caller.name", max: TEXT_LIMITS.callerName },
  { draft: "addressText", field: "location", max: TEXT_LIMITS.address },
  { draft: "narrative", field: "narrative", max: TEXT_LIMITS.narrative },
] as const;

export const NARRATIVE_MAX = TEXT_LIMITS.narrative;

type Texts = { phone: string; name: string; addressText: string; narrative: string };

/** The length limits the draft breaks now, as field errors naming the field's label. */
export function lengthErrors(d: Texts, t: (key: string) => string): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  for (const l of LIMITED) {
    if (d[l.draft].length > l.max) out[l.field] = { key: "val.tooLong", params: { field: t(CALL_FORM_LABELS[l.field]), max: l.max } };
  }
  return out;
}

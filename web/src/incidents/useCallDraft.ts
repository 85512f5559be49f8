/**
 * The call being taken: its draft, the field errors, and submitting it. Every keystroke is kept in
 * localStorage, so an expired session or a crash never loses a half-typed call, and the
 * Idempotency-Key lives with the draft so a retry never makes a duplicate. Logout removes it with
 * everything else personal the console stored (api.ts `signOut`).
 */
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { NewIncidentBody } from "../../../src/incidents/schemas.ts";
import type { Address } from "../addresses/types.ts";
import { ApiError, api, newIdempotencyKey } from "../platform/api.ts";
import { type FieldError, fieldOf } from "../platform/errors.tsx";
import { store } from "../platform/store.ts";
import { lengthErrors } from "./callFormFields.ts";
import { insideCity } from "./cityBoundary.ts";
import type { Channel, Incident, Priority } from "./types.ts";

const DRAFT_KEY = "lantern.callDraft";

export interface Draft {
  channel: Channel;
  phone: string;
  name: string;
  addressText: string;
  address: Address | null;
  pin: { lat: number; lon: number } | null;
  categoryCode: string;
  priority: Priority | "";
  priorityTouched: boolean;
  narrative: string;
  idempotencyKey: string;
}

/** A change to some fields of the draft, kept at once. */
export type DraftUpdate = (patch: Partial<Draft>) => void;

/** The field errors of the form, by field name ("location" for address and pin alike). */
export type DraftErrors = Record<string, FieldError>;

const emptyDraft = (): Draft => ({
  channel: "call_110",
  phone: "",
  name: "",
  addressText: "",
  address: null,
  pin: null,
  categoryCode: "",
  priority: "",
  priorityTouched: false,
  narrative: "",
  idempotencyKey: newIdempotencyKey(),
});

function loadDraft(): { draft: Draft; restored: boolean } {
  try {
    const d = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? "null") as Draft | null;
    if (d && typeof d === "object" && d.idempotencyKey) return { draft: { ...emptyDraft(), ...d }, restored: isDirty(d) };
  } catch {}
  return { draft: emptyDraft(), restored: false };
}

function isDirty(d: Draft): boolean {
  return !!(d.phone || d.name || d.addressText || d.pin || d.categoryCode || d.narrative);
}

export function useCallDraft(props: { onCreated: (i: Incident) => void; onPinningChange: (on: boolean) => void }) {
  const { t } = useTranslation();
  const initial = useMemo(loadDraft, []);
  const [draft, setDraft] = useState<Draft>(initial.draft);
  const [restored, setRestored] = useState(initial.restored);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [general, setGeneral] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const update: DraftUpdate = (patch) => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      localStorage.setItem(DRAFT_KEY, JSON.stringify(next));
      return next;
    });
    setCreated(null);
    const cleared = Object.keys(patch).map((k) => (k === "pin" || k === "address" || k === "addressText" ? "location" : k));
    if (cleared.length) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k))));
  };

  // The map pin wins over the validated address.
  const location = draft.pin ?? (draft.address ? { lat: draft.address.lat, lon: draft.address.lon } : null);

  /**
   * A map pin outside the city is refused at once, by the rule the server applies on submit, and
   * the previous location stays.
   */
  function setPin(lat: number, lon: number) {
    if (insideCity(store.orgs, lat, lon) === false) {
      setErrors((e) => ({ ...e, location: { key: "val.outsideCity" } }));
      return;
    }
    update({ pin: { lat, lon } });
  }

  // Length limits are checked on every keystroke: the error shows while the text is too long.
  const liveErrors = { ...errors, ...lengthErrors(draft, t) };

  function validate(): DraftErrors {
    const errs: DraftErrors = { ...lengthErrors(draft, t) };
    const label = (k: string) => t(`field.${k}`);
    if (!location) errs.location = { key: "val.location" };
    if (!draft.categoryCode) errs.categoryCode = { key: "val.required", params: { field: label("categoryCode") } };
    if (draft.phone && !/^[0-9+\-() ]*$/.test(draft.phone))
      errs["caller.phone"] = { key: "val.phone", params: { field: label("caller.phone") } };
    return errs;
  }

  async function submit() {
    if (busy) return;
    const errs = validate();
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const body: NewIncidentBody = {
        channel: draft.channel,
        categoryCode: draft.categoryCode,
        ...(draft.priority ? { priority: draft.priority } : {}),
        caller: draft.phone || draft.name ? { phone: draft.phone || null, name: draft.name || null } : undefined,
        location: { lat: location!.lat, lon: location!.lon, address: draft.addressText.trim() || null },
        narrative: draft.narrative.trim() || null,
      };
      const inc = await api<Incident>("POST", "/incidents", body, { "Idempotency-Key": draft.idempotencyKey });
      store.upsertIncident(inc);
      // The next call is most likely on the same channel.
      const fresh = emptyDraft();
      fresh.channel = draft.channel;
      localStorage.removeItem(DRAFT_KEY);
      setDraft(fresh);
      setRestored(false);
      setCreated(inc.number);
      props.onPinningChange(false);
      props.onCreated(inc);
    } catch (e) {
      const f = e instanceof ApiError ? fieldOf(e.field) : null;
      if (e instanceof ApiError && f) setErrors({ [f]: { error: e } });
      else setGeneral(e instanceof ApiError ? { error: e } : { key: "err.network" });
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    localStorage.removeItem(DRAFT_KEY);
    setDraft(emptyDraft());
    setErrors({});
    setGeneral(null);
    setRestored(false);
    props.onPinningChange(false);
  }

  return { draft, update, setPin, location, restored, created, errors: liveErrors, general, busy, submit, reset };
}

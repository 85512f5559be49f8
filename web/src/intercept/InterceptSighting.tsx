/**
 * A sighting entered from the map: the button puts the map in pick mode, a click places the
 * point, and a small form in the side panel takes the time seen and a note. Saving records the
 * sighting on the incident's timeline and answers with the plan re-made from it. Esc or Cancel
 * leaves pick mode with nothing sent.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, can, errorText, newIdempotencyKey, serverNow } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import type { InterceptPlan, SightingResult } from "./types.ts";

/** Pick mode: `session` changes each time it starts, so a new pick starts with a fresh form. */
export interface SightingPick {
  session: number;
  /** Where the dispatcher clicked; null until the first click. */
  point: { lat: number; lon: number } | null;
}

/** The server refuses a sighting older than this, and so does the form. */
const MAX_AGE_MS = 12 * 3_600_000;

const pad2 = (n: number) => String(n).padStart(2, "0");

/** "HH:MM" of an instant in the browser's time zone: what a time input holds. */
export function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/**
 * The instant of "HH:MM" most recently past, in the browser's time zone: today's, or yesterday's
 * when today's is still to come (a sighting at 23:50 entered at 00:10). Null when not a time.
 */
function latestAt(value: string, now: number): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const d = new Date(now);
  d.setHours(Number(m[1]), Number(m[2]), 0, 0);
  // A minute's grace for clocks that differ a little: "now" typed by hand is not yesterday.
  if (d.getTime() > now + 60_000) d.setDate(d.getDate() - 1);
  return d.getTime();
}

export function InterceptSighting({
  incidentId,
  pick,
  onStart,
  onCancel,
  onSaved,
}: {
  incidentId: string;
  pick: SightingPick | null;
  onStart: () => void;
  onCancel: () => void;
  /** The sighting is on the timeline; `plan` is the plan made from it (null when a newer request won). */
  onSaved: (plan: InterceptPlan | null) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const picking = pick !== null;

  // Esc leaves pick mode from anywhere on the page, but not while the sighting is on its way.
  useEffect(() => {
    if (!picking || busy) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [picking, busy, onCancel]);

  if (!can("dispatch:recommend")) return null;
  return (
    <section className="icp-sighting" data-testid="sighting">
      <button
        type="button"
        className={picking ? "active" : ""}
        aria-pressed={picking}
        aria-busy={busy}
        data-busy={busy}
        disabled={busy}
        data-testid="sighting-mark"
        onClick={() => (picking ? onCancel() : onStart())}
      >
        {busy ? t("icp.sight.recording") : t("icp.sight.mark")}
      </button>
      {pick?.point && (
        <SightingForm
          key={pick.session}
          incidentId={incidentId}
          point={pick.point}
          onBusy={setBusy}
          onCancel={onCancel}
          onSaved={onSaved}
        />
      )}
    </section>
  );
}

type Field = "lat" | "at" | "note" | "form";

function SightingForm({
  incidentId,
  point,
  onBusy,
  onCancel,
  onSaved,
}: {
  incidentId: string;
  point: { lat: number; lon: number };
  onBusy: (busy: boolean) => void;
  onCancel: () => void;
  onSaved: (plan: InterceptPlan | null) => void;
}) {
  const { t } = useTranslation();
  // "Now" is when the map was clicked: the dispatcher clicks as the report comes in, and may
  // take a while over the note. Kept to the second unless the time is typed.
  const [clickedAt] = useState(serverNow);
  const [time, setTime] = useState(() => hhmm(clickedAt));
  const [typed, setTyped] = useState(false);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({});
  const [formText, setFormText] = useState<string | null>(null);
  // One key per sighting being entered: a retry after a lost answer records it once.
  const [key] = useState(newIdempotencyKey);

  // A new click moves the point: a refusal of the old one no longer applies.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the point by value
  useEffect(() => {
    setErrors((e) => (e.lat ? { ...e, lat: undefined } : e));
  }, [point.lat, point.lon]);

  function timeError(at: number | null, now: number): FieldError | null {
    if (at === null) return { key: "val.required", params: { field: t("icp.sight.time") } };
    if (at > now) return { key: "icp.sight.err.future" };
    if (now - at > MAX_AGE_MS) return { key: "icp.sight.err.old" };
    return null;
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    const now = serverNow();
    const at = typed ? latestAt(time, now) : clickedAt;
    const atError = timeError(at, now);
    setErrors(atError ? { at: atError } : {});
    setFormText(null);
    if (atError || at === null) return;
    const body: Record<string, unknown> = { lat: point.lat, lon: point.lon, at: new Date(at).toISOString() };
    if (note.trim()) body.note = note.trim();
    setBusy(true);
    onBusy(true);
    try {
      const r = await api<SightingResult>("POST", `/incidents/${encodeURIComponent(incidentId)}/sightings`, body, {
        "Idempotency-Key": key,
      });
      onSaved(r.plan);
    } catch (err) {
      if (err instanceof ApiError && err.code === "plan_superseded") {
        // Recorded; another request's plan is the newer one, and the stream brings it.
        onSaved(null);
        return;
      }
      const field = err instanceof ApiError ? (err.field ?? "").replace(/^\//, "").split(/[./]/)[0] : "";
      if (err instanceof ApiError && (field === "lat" || field === "lon"))
        setErrors({ lat: err.code === "intercept_off_network" ? { key: "icp.sight.err.offNetwork" } : { error: err } });
      else if (err instanceof ApiError && field === "at") setErrors({ at: { error: err } });
      else if (err instanceof ApiError && field === "note") setErrors({ note: { error: err } });
      else if (err instanceof ApiError) setErrors({ form: { error: err } });
      else setFormText(errorText(err, t));
    } finally {
      setBusy(false);
      onBusy(false);
    }
  }

  return (
    <form className="icp-sighting-form" data-testid="sighting-form" onSubmit={save} noValidate>
      <h3>{t("icp.sight.title")}</h3>
      <div className="icp-sighting-where">
        {t("icp.sight.position")}{" "}
        <b data-testid="sighting-position" data-lat={point.lat} data-lon={point.lon} aria-invalid={errors.lat ? true : undefined}>
          {point.lat.toFixed(5)}, {point.lon.toFixed(5)}
        </b>
        <div className="hint">{t("icp.sight.moveHint")}</div>
        <FieldErrorText field="lat" error={errors.lat} />
      </div>
      <div className="icp-grid">
        <label>
          {t("icp.sight.time")}
          <input
            type="time"
            name="at"
            data-testid="sighting-time"
            value={time}
            aria-invalid={errors.at ? true : undefined}
            onChange={(e) => {
              setTime(e.target.value);
              setTyped(true);
            }}
          />
          <FieldErrorText field="at" error={errors.at} />
        </label>
        <label>
          {t("icp.sight.note")}
          <input
            name="note"
            data-testid="sighting-note"
            maxLength={500}
            value={note}
            aria-invalid={errors.note ? true : undefined}
            onChange={(e) => setNote(e.target.value)}
          />
          <FieldErrorText field="note" error={errors.note} />
        </label>
      </div>
      <div className="icp-sighting-actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy} data-busy={busy} data-testid="sighting-save">
          {busy ? t("icp.sight.saving") : t("common.save")}
        </button>
        <button type="button" disabled={busy} data-testid="sighting-cancel" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
      {(errors.form || formText) && (
        <div className="note error" role="alert" data-testid="sighting-error">
          {errors.form ? <FieldErrorText field="form" error={errors.form} /> : formText}
        </div>
      )}
    </form>
  );
}

/**
 * The triage labels of a new call, each one click and shown as state: valid or invalid (with the
 * reason), police or not, urgent or not. Each is posted on its own, so a call-taker can correct
 * one without restating the others; urgency is the incident's priority on the server.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { INVALID_REASONS } from "../../../src/incidents/model.ts";
import type { Incident } from "../incidents/types.ts";
import { api } from "../platform/api.ts";
import { errorForForm, type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { store } from "../platform/store.ts";
import type { LabelPatch, TriagedIncident } from "./types.ts";

export async function postLabels(id: string, patch: LabelPatch): Promise<void> {
  store.upsertIncident(await api<Incident>("POST", `/triage/incidents/${encodeURIComponent(id)}/labels`, patch));
}

/** Police or not: the label when set, else what the category says by default (as routing reads it). */
export function policeOf(incident: TriagedIncident): { police: boolean | null; byDefault: boolean } {
  const set = incident.flags?.police;
  if (set !== null && set !== undefined) return { police: set, byDefault: false };
  const category = store.categories.find((c) => c.code === incident.category.code);
  return { police: category ? category.police : null, byDefault: true };
}

const ROWS = ["valid", "police", "urgent"] as const;
type Row = (typeof ROWS)[number];

export function TriageLabels({ incident }: { incident: TriagedIncident }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Row, FieldError>>>({});
  const [pickReason, setPickReason] = useState(false);
  const valid = incident.flags?.valid ?? null;
  const { police, byDefault } = policeOf(incident);
  const urgent = incident.priority !== "routine";

  async function set(row: Row, patch: LabelPatch, id: string) {
    if (busy) return;
    setBusy(id);
    setErrors({});
    try {
      await postLabels(incident.id, patch);
      if (row === "valid") setPickReason(false);
    } catch (e) {
      // The row the server names (invalidReason belongs to the validity row), else the row clicked.
      const named = errorForForm(e, ["valid", "invalidReason", "police", "urgent"] as const);
      const [field, error] = Object.entries(named)[0] as [string, FieldError];
      const at: Row = field === "invalidReason" ? "valid" : ROWS.includes(field as Row) ? (field as Row) : row;
      setErrors({ [at]: error });
    } finally {
      setBusy(null);
    }
  }

  const toggle = (row: Row, on: boolean, id: string, label: string, patch: LabelPatch, testId: string) => (
    <button
      type="button"
      className={`small ${on ? "active" : ""}`}
      aria-pressed={on}
      disabled={busy !== null}
      data-testid={testId}
      onClick={() => (on ? undefined : set(row, patch, id))}
    >
      {busy === id ? "…" : label}
    </button>
  );

  return (
    <div className="tri-labels" data-testid="tri-labels">
      <div className="inline-form" data-testid="tri-valid-row" data-valid={String(valid)}>
        {toggle("valid", valid === true, "valid", t("tri.valid"), { valid: true }, "tri-valid")}
        <button
          type="button"
          className={`small ${valid === false ? "active" : ""}`}
          aria-pressed={valid === false}
          aria-expanded={pickReason}
          disabled={busy !== null}
          data-testid="tri-invalid"
          onClick={() => setPickReason((p) => !p)}
        >
          {valid === false && incident.flags?.invalidReason
            ? t("tri.invalidWith", { reason: t(`tri.reason.${incident.flags.invalidReason}`) })
            : t("tri.invalid")}
        </button>
        {valid === null && <span className="muted">{t("tri.unset")}</span>}
        <FieldErrorText field="valid" error={errors.valid} />
      </div>
      {pickReason && (
        <div className="inline-form" data-testid="tri-reasons">
          <span className="muted">{t("tri.invalidPick")}</span>
          {INVALID_REASONS.map((r) => {
            const on = valid === false && incident.flags?.invalidReason === r;
            return (
              <button
                key={r}
                type="button"
                className={`small ${on ? "active" : ""}`}
                aria-pressed={on}
                disabled={busy !== null}
                data-testid={`tri-reason-${r}`}
                onClick={() => set("valid", { valid: false, invalidReason: r }, `reason-${r}`)}
              >
                {busy === `reason-${r}` ? "…" : t(`tri.reason.${r}`)}
              </button>
            );
          })}
        </div>
      )}
      <div className="inline-form" data-testid="tri-police-row" data-police={String(police)}>
        {toggle("police", police === true && !byDefault, "police", t("tri.police"), { police: true }, "tri-police")}
        {toggle("police", police === false && !byDefault, "nonPolice", t("tri.nonPolice"), { police: false }, "tri-nonpolice")}
        {byDefault && police !== null && (
          <span className="muted">
            {police ? t("tri.police") : t("tri.nonPolice")} · {t("tri.byCategory")}
          </span>
        )}
        <FieldErrorText field="police" error={errors.police} />
      </div>
      <div className="inline-form" data-testid="tri-urgent-row" data-urgent={String(urgent)}>
        {toggle("urgent", urgent, "urgent", t("tri.urgent"), { urgent: true }, "tri-urgent")}
        {toggle("urgent", !urgent, "nonUrgent", t("tri.nonUrgent"), { urgent: false }, "tri-nonurgent")}
        <FieldErrorText field="urgent" error={errors.urgent} />
      </div>
    </div>
  );
}

/**
 * One timer's deadline and warning time, entered as a person says them (10 minutes, 24 hours)
 * and sent as seconds. Only a missing number is caught here; whether the values make sense (more
 * than zero, the warning before the deadline) is the server's to say, next to the field.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../platform/api.ts";
import { type FieldError, FieldErrorText } from "../../platform/errors.tsx";
import { span, type TimerStage, UNITS, type Unit, unitFor } from "./SettingsNames.tsx";
import type { SavedTimer } from "./types.ts";

type Field = "seconds" | "warnSeconds" | "form";

function Amount({
  field,
  label,
  value,
  unit,
  onValue,
  onUnit,
  error,
}: {
  field: "seconds" | "warnSeconds";
  label: string;
  value: string;
  unit: Unit;
  onValue: (v: string) => void;
  onUnit: (u: Unit) => void;
  error: FieldError | undefined;
}) {
  const { t } = useTranslation();
  const n = Number(value);
  const seconds = value.trim() && Number.isFinite(n) ? Math.round(n * UNITS[unit]) : null;
  const id = field === "seconds" ? "set-timer-seconds" : "set-timer-warn";
  return (
    <div className="set-amount">
      <label>
        {label}
        <span className="set-amount-row">
          <input
            type="number"
            inputMode="decimal"
            step="any"
            value={value}
            onChange={(e) => onValue(e.target.value)}
            aria-invalid={!!error}
            data-testid={id}
          />
          <select value={unit} onChange={(e) => onUnit(e.target.value as Unit)} data-testid={`${id}-unit`}>
            {(Object.keys(UNITS) as Unit[]).map((u) => (
              <option key={u} value={u}>
                {t(`set.unit.${u}`)}
              </option>
            ))}
          </select>
        </span>
      </label>
      {seconds !== null && seconds > 0 && unit !== "s" && <span className="hint">{t("set.timers.is", { t: span(seconds, t) })}</span>}
      <FieldErrorText field={field} error={error} />
    </div>
  );
}

export function SettingsTimerForm({
  stage,
  categoryCode,
  title,
  seconds,
  warnSeconds,
  configured,
  onSaved,
  onCleared,
  onCancel,
}: {
  stage: TimerStage;
  categoryCode: string | null;
  title: string;
  seconds: number;
  warnSeconds: number;
  /** This scope has a setting of its own, which can be removed (the next one then applies). */
  configured: boolean;
  onSaved: (t: SavedTimer) => void;
  onCleared: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [deadlineUnit, setDeadlineUnit] = useState<Unit>(unitFor(seconds));
  const [deadline, setDeadline] = useState(String(seconds / UNITS[unitFor(seconds)]));
  const [warnUnit, setWarnUnit] = useState<Unit>(unitFor(warnSeconds));
  const [warn, setWarn] = useState(String(warnSeconds / UNITS[unitFor(warnSeconds)]));
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({});
  const [busy, setBusy] = useState(false);

  const toSeconds = (v: string, u: Unit): number | null => {
    const n = Number(v);
    return v.trim() && Number.isFinite(n) ? Math.round(n * UNITS[u]) : null;
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const s = toSeconds(deadline, deadlineUnit);
    const w = toSeconds(warn, warnUnit);
    const local: Partial<Record<Field, FieldError>> = {};
    if (s === null) local.seconds = { key: "set.val.number" };
    if (w === null) local.warnSeconds = { key: "set.val.number" };
    setErrors(local);
    if (s === null || w === null) return;
    setBusy(true);
    try {
      onSaved(await api<SavedTimer>("PUT", "/governance/timers", { stage, categoryCode, seconds: s, warnSeconds: w }));
    } catch (err) {
      if (err instanceof ApiError) {
        const f: Field = err.field === "seconds" || err.field === "warnSeconds" ? err.field : "form";
        setErrors({ [f]: { error: err } });
      } else setErrors({ form: { key: "err.network" } });
    } finally {
      setBusy(false);
    }
  }

  async function clear() {
    setBusy(true);
    setErrors({});
    try {
      const q = categoryCode ? `?categoryCode=${encodeURIComponent(categoryCode)}` : "";
      await api("DELETE", `/governance/timers/${stage}${q}`);
      onCleared();
    } catch (err) {
      setErrors({ form: err instanceof ApiError ? { error: err } : { key: "err.network" } });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="set-form set-timer-form"
      onSubmit={submit}
      noValidate
      data-testid="set-timer-form"
      data-stage={stage}
      data-category={categoryCode ?? ""}
    >
      <h3>{title}</h3>
      <div className="set-amounts">
        <Amount
          field="seconds"
          label={t("set.timers.deadline")}
          value={deadline}
          unit={deadlineUnit}
          onValue={setDeadline}
          onUnit={setDeadlineUnit}
          error={errors.seconds}
        />
        <Amount
          field="warnSeconds"
          label={t("set.timers.warn")}
          value={warn}
          unit={warnUnit}
          onValue={setWarn}
          onUnit={setWarnUnit}
          error={errors.warnSeconds}
        />
      </div>
      <span className="hint">{t("set.timers.warnHint")}</span>
      <FieldErrorText field="form" error={errors.form} />
      <div className="set-buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="set-timer-save">
          {busy ? t("set.form.saving") : t("set.timers.save")}
        </button>
        {configured && (
          <button type="button" disabled={busy} onClick={clear} data-testid="set-timer-clear">
            {t("set.timers.clear")}
          </button>
        )}
        <button type="button" disabled={busy} onClick={onCancel} data-testid="set-timer-cancel">
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

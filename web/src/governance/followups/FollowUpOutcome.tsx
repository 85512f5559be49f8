/**
 * The outcome of one call: reached or not, satisfied or not (asked only of a reached caller), a
 * comment. Missing answers are caught here; the server's problems are shown next to the field
 * they name, in the reader's language.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../platform/api.ts";
import { errorForForm, type FieldError, FieldErrorText } from "../../platform/errors.tsx";
import type { FollowUp, FollowUpRecorded } from "./types.ts";

type Field = "reached" | "satisfied" | "comment" | "form";
const FIELDS: Field[] = ["reached", "satisfied", "comment"];

function YesNo({
  name,
  group,
  value,
  onChange,
  label,
  invalid,
}: {
  name: "reached" | "satisfied";
  /** Radio group name, unique per call. */
  group: string;
  value: boolean | null;
  onChange: (v: boolean) => void;
  label: string;
  invalid: boolean;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="fu-yesno" aria-invalid={invalid} data-testid={`fu-${name}`}>
      <legend>{label}</legend>
      {([true, false] as const).map((v) => (
        <label key={String(v)} className={value === v ? "checked" : ""}>
          <input
            type="radio"
            name={group}
            checked={value === v}
            onChange={() => onChange(v)}
            data-testid={`fu-${name}-${v ? "yes" : "no"}`}
          />
          {v ? t("fu.yes") : t("fu.no")}
        </label>
      ))}
    </fieldset>
  );
}

export function FollowUpOutcome({ followUp, onRecorded }: { followUp: FollowUp; onRecorded: (r: FollowUpRecorded) => void }) {
  const { t } = useTranslation();
  const [reached, setReached] = useState<boolean | null>(null);
  const [satisfied, setSatisfied] = useState<boolean | null>(null);
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Partial<Record<Field, FieldError>> = {};
    if (reached === null) errs.reached = { key: "fu.val.reached" };
    else if (reached && satisfied === null) errs.satisfied = { key: "fu.val.satisfied" };
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const r = await api<FollowUpRecorded>("POST", `/followups/${encodeURIComponent(followUp.id)}`, {
        reached,
        satisfied: reached ? satisfied : null,
        comment: comment.trim() || null,
      });
      onRecorded(r);
    } catch (err) {
      setErrors(errorForForm(err, FIELDS));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="fu-outcome" onSubmit={submit} noValidate data-testid="fu-outcome">
      <h3>{t("fu.outcome")}</h3>
      <YesNo
        name="reached"
        group={`reached-${followUp.id}`}
        label={t("fu.reached")}
        value={reached}
        invalid={!!errors.reached}
        onChange={(v) => {
          setReached(v);
          if (!v) setSatisfied(null);
          setErrors({});
        }}
      />
      <FieldErrorText field="reached" error={errors.reached} />
      {reached && (
        <>
          <YesNo
            name="satisfied"
            group={`satisfied-${followUp.id}`}
            label={t("fu.satisfied")}
            value={satisfied}
            invalid={!!errors.satisfied}
            onChange={(v) => {
              setSatisfied(v);
              setErrors({});
            }}
          />
          <FieldErrorText field="satisfied" error={errors.satisfied} />
        </>
      )}
      <label>
        {t("fu.comment")}
        <textarea
          rows={3}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={!!errors.comment}
          data-testid="fu-comment"
        />
      </label>
      {reached && satisfied === false && <div className="hint">{t("fu.commentHint")}</div>}
      <FieldErrorText field="comment" error={errors.comment} />
      <FieldErrorText field="form" error={errors.form} />
      <button type="submit" className="primary fu-submit" disabled={busy} data-testid="fu-submit">
        {busy ? t("fu.submitting") : t("fu.submit")}
      </button>
    </form>
  );
}

/**
 * The category suggestion for a new call: the top three categories the narrative points at, with
 * their confidence, as chips; one click sets the category. Advisory only: the call-taker heard
 * the caller, the classifier read a line of text.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../data/query.ts";
import { categoryName } from "../governance/work-orders/workorders.ts";
import { pickName } from "../i18n.ts";
import { type FieldError, FieldErrorText, fieldError } from "../platform/errors.tsx";
import { suggestionsRead } from "./queries.ts";
import { postLabels } from "./TriageLabels.tsx";
import type { TriagedIncident } from "./types.ts";

export function TriageSuggest({ incident }: { incident: TriagedIncident }) {
  const { t } = useTranslation();
  const narrative = incident.narrative?.trim() ?? "";
  const answer = useApi(narrative ? suggestionsRead(narrative) : null);
  const suggestions = narrative ? (answer.data?.suggestions ?? null) : null;
  const loadError = narrative && answer.error ? fieldError(answer.error) : null;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const current = incident.category.code;

  async function choose(code: string) {
    if (busy || code === current) return;
    setBusy(code);
    setError(null);
    try {
      await postLabels(incident.id, { categoryCode: code });
    } catch (e) {
      setError(fieldError(e));
    } finally {
      setBusy(null);
    }
  }

  const listed = suggestions?.some((s) => s.code === current);
  return (
    <div className="tri-suggest" data-testid="tri-suggest">
      <div className="inline-form">
        <b>{t("tri.suggest.title")}</b>
        <span className="hint">{t("tri.suggest.advisory")}</span>
      </div>
      {!narrative && <div className="muted">{t("tri.suggest.noNarrative")}</div>}
      {narrative && !suggestions && !loadError && <div className="muted">{t("tri.suggest.loading")}</div>}
      {loadError && <FieldErrorText field="suggestion" error={loadError} />}
      {suggestions && suggestions.length === 0 && <div className="muted">{t("tri.suggest.none")}</div>}
      {suggestions && suggestions.length > 0 && (
        <div className="inline-form" data-testid="tri-chips">
          {suggestions.map((s) => {
            const on = s.code === current;
            const p = Math.round(s.confidence * 100);
            const words = [...s.matched, ...s.evidence];
            const title = [t("tri.suggest.set", { p }), words.length ? t("tri.suggest.matched", { words: words.join(", ") }) : ""]
              .filter(Boolean)
              .join(" · ");
            return (
              <button
                key={s.code}
                type="button"
                className={`small ${on ? "active" : ""}`}
                aria-pressed={on}
                title={title}
                disabled={busy !== null}
                data-testid="tri-chip"
                data-code={s.code}
                onClick={() => choose(s.code)}
              >
                {busy === s.code ? "…" : t("tri.suggest.chip", { name: categoryName(s.code), p })}
                {on && <small> · {t("tri.suggest.current")}</small>}
              </button>
            );
          })}
        </div>
      )}
      {suggestions && !listed && (
        <div className="muted" data-testid="tri-current-category">
          {t("tri.suggest.currentOther", { name: pickName(incident.category) })}
        </div>
      )}
      <FieldErrorText field="categoryCode" error={error} />
    </div>
  );
}

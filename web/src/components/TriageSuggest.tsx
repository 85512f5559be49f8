/**
 * The category suggestion for a new call: the top three categories the narrative points at, with
 * their confidence, as chips; one click sets the category. Advisory only: the call-taker heard
 * the caller, the classifier read a line of text.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api.ts";
import { pickName } from "../i18n.ts";
import { categoryName } from "../workorders.ts";
import { type FieldError, FieldErrorText } from "./errors.tsx";
import { postLabels, type TriagedIncident } from "./TriageLabels.tsx";

interface Suggestion {
  code: string;
  confidence: number;
  matched: string[];
  evidence: string[];
}

export function TriageSuggest({ incident }: { incident: TriagedIncident }) {
  const { t } = useTranslation();
  const narrative = incident.narrative?.trim() ?? "";
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const [loadError, setLoadError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const current = incident.category.code;

  useEffect(() => {
    setSuggestions(null);
    setLoadError(null);
    if (!narrative) return;
    let alive = true;
    api<{ suggestions: Suggestion[] }>("POST", "/triage/suggest", { text: narrative, k: 3 })
      .then((r) => alive && setSuggestions(r.suggestions))
      .catch((e) => alive && setLoadError(e instanceof ApiError ? { error: e } : { key: "err.network" }));
    return () => {
      alive = false;
    };
  }, [narrative]);

  async function choose(code: string) {
    if (busy || code === current) return;
    setBusy(code);
    setError(null);
    try {
      await postLabels(incident.id, { categoryCode: code });
    } catch (e) {
      setError(e instanceof ApiError ? { error: e } : { key: "err.network" });
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

/**
 * 回访: the follow-up caller's desk. The calls due now (or all pending, done, unreachable) on the
 * left; the chosen call on the right with its script, the audited read of the caller's number
 * and the outcome form. After an outcome is recorded it says what happened and moves to the next
 * call. The list is re-read every 30 s, as calls fall due by the clock rather than by an event.
 */
import "../governance.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fetchApi, useApi } from "../../data/query.ts";
import { errorText } from "../../platform/api.ts";
import { useTopic } from "../../platform/store.ts";
import { FollowUpCall } from "./FollowUpCall.tsx";
import { FollowUpList } from "./FollowUpList.tsx";
import { FollowUpResult } from "./FollowUpResult.tsx";
import { useSubjects } from "./FollowUpSubject.tsx";
import { followupsRead } from "./queries.ts";
import type { FollowUp, FollowUpRecorded } from "./types.ts";

type Filter = "due" | "pending" | "done" | "unreachable";
const FILTERS: Filter[] = ["due", "pending", "done", "unreachable"];
const QUERY: Record<Filter, string> = {
  due: "status=pending&due=now",
  pending: "status=pending",
  done: "status=done",
  unreachable: "status=unreachable",
};
/**
 * Calls fall due by the clock, not by an event, and the follow-up caller has no stream: the list
 * is re-read on this timer (and at once after each outcome).
 */
const POLL_MS = 30_000;
const NONE: FollowUp[] = [];

export function FollowUps() {
  const { t } = useTranslation();
  // Category names come from the store's reference data.
  useTopic("ref");
  const [filter, setFilter] = useState<Filter>("due");
  // A filter's answer is kept under its own key: a slower answer for a filter no longer shown never lands.
  const answer = useApi(followupsRead(QUERY[filter]), { freshness: { every: POLL_MS } });
  const list = answer.data ?? null;
  const loadError = answer.error ?? null;
  const [selected, setSelected] = useState<string | null>(null);
  const [last, setLast] = useState<{ result: FollowUpRecorded; number: string | null; moved: boolean } | null>(null);
  const { subjects, forget } = useSubjects(list ?? NONE);

  async function recorded(r: FollowUpRecorded) {
    const id = r.followUp.id;
    forget(id);
    const before = list ?? [];
    const at = before.findIndex((x) => x.id === id);
    // The next call is the one below this in the list (or above, at the end).
    const wanted = [...before.slice(at + 1), ...before.slice(0, Math.max(0, at)).reverse()].map((x) => x.id);
    const fresh = (await fetchApi(followupsRead(QUERY[filter])).catch(() => null)) ?? before;
    const open = fresh.filter((x) => x.id !== id && x.status === "pending");
    const next = wanted.map((w) => open.find((x) => x.id === w)).find(Boolean) ?? open[0] ?? null;
    setLast({ result: r, number: subjects.get(id)?.number ?? null, moved: !!next });
    setSelected(next?.id ?? null);
  }

  const current = list?.find((x) => x.id === selected) ?? null;
  const emptyText = filter === "due" ? t("fu.empty.due") : t("fu.empty.other");
  return (
    <div className="fu" data-testid="followups-view" data-ready={list !== null} data-filter={filter}>
      <aside className="fu-left">
        <header>
          <h2>{t("fu.title")}</h2>
          {list && (
            <span className="muted" data-testid="fu-count">
              {t("fu.count", { n: list.length })}
            </span>
          )}
          <button type="button" className="small fu-refresh" onClick={() => void answer.refetch()} data-testid="fu-refresh">
            {t("fu.refresh")}
          </button>
        </header>
        <fieldset className="fu-filters" aria-label={t("fu.filter")}>
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              className={`small ${filter === f ? "active" : ""}`}
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
              data-testid={`fu-filter-${f}`}
            >
              {t(`fu.filter.${f}`)}
            </button>
          ))}
        </fieldset>
        {loadError !== null && (
          <div className="note error" role="alert" data-testid="fu-load-error">
            {errorText(loadError, t)}
          </div>
        )}
        {list === null && loadError === null && <div className="muted">{t("common.loading")}</div>}
        {list && <FollowUpList list={list} subjects={subjects} selected={selected} onSelect={setSelected} emptyText={emptyText} />}
      </aside>
      <section className="fu-right">
        {last && <FollowUpResult result={last.result} number={last.number} moved={last.moved} />}
        {current ? (
          <FollowUpCall key={current.id} followUp={current} subject={subjects.get(current.id)} onRecorded={recorded} />
        ) : (
          <div className="muted fu-pick">{t("fu.pick")}</div>
        )}
      </section>
    </div>
  );
}

/**
 * 回访不满意 · 待所领导关注: police incidents whose callers, reached at follow-up, were not
 * satisfied, newest call first, for whoever closes incidents in the area (the station command
 * room, dispatchers). The console selects incidents only in memory, so an incident opens here,
 * under its row, with its facts and timeline. Re-read when the stream reports a new flag or a
 * review (a link that was down replays what it missed, so no timer is needed for that).
 */
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { categoryName, orgName } from "../../analytics/GovernanceKpis.tsx";
import { keys } from "../../data/keys.ts";
import { invalidate } from "../../data/mutations.ts";
import { useApi } from "../../data/query.ts";
import { pickName } from "../../i18n.ts";
import { incidentRead, timelineRead } from "../../incidents/queries.ts";
import { TimelineLine } from "../../incidents/TimelineLine.tsx";
import type { TimelineEntry } from "../../incidents/types.ts";
import { ApiError, api, can, errorText } from "../../platform/api.ts";
import { type FieldError, FieldErrorText, fieldError } from "../../platform/errors.tsx";
import { useTopic } from "../../platform/store.ts";
import { dateTime } from "./FollowUpList.tsx";
import { useSubjects } from "./FollowUpSubject.tsx";
import { commanderFlagsRead } from "./queries.ts";
import type { FollowUp } from "./types.ts";

const NO_EVENTS: TimelineEntry[] = [];
/** When the caller was reached: the flag's own time, and the order the commander reads them in. */
const calledAt = (f: FollowUp) => f.outcome.recordedAt ?? f.dueAt;
const newestCallFirst = (l: FollowUp[]) => [...l].sort((a, b) => calledAt(b).localeCompare(calledAt(a)));
const NONE: FollowUp[] = [];

export function CommanderFlags() {
  if (!can("incident:close")) return null;
  return <FlagsPanel />;
}

function FlagsPanel() {
  const { t, i18n } = useTranslation();
  // Station and category names come from the store's reference data.
  useTopic("ref");
  const [open, setOpen] = useState<string | null>(null);
  // Reviewed flags drop off the list; the commander can still look them up.
  const [withReviewed, setWithReviewed] = useState(false);
  // A new flag or a review arrives over the stream (data/bridge.ts); one missed while the link
  // was down is replayed when it comes back.
  const answer = useApi(commanderFlagsRead(withReviewed), { select: newestCallFirst, keepPrevious: true });
  const list = answer.data ?? null;
  const error = answer.error ?? null;
  const reload = () => void invalidate(keys.commanderFlags());
  const { subjects } = useSubjects(list ?? NONE);

  const none = t("gov.noStation");
  return (
    <section
      className="gov-table cmd-flags"
      data-testid="cmd-flags"
      data-ready={list !== null}
      data-count={list?.length ?? ""}
      style={{ marginBottom: 10 }}
    >
      <header>
        <h3>
          {t("cmd.title")}
          {list && list.length > 0 && (
            <span className="badge bad" data-testid="cmd-flags-count">
              {t("cmd.count", { n: list.length })}
            </span>
          )}
        </h3>
      </header>
      <div className="hint">{t("cmd.hint")}</div>
      <label className="muted inline-check">
        <input type="checkbox" checked={withReviewed} onChange={(e) => setWithReviewed(e.target.checked)} data-testid="cmd-with-reviewed" />{" "}
        {t("cmd.withReviewed")}
      </label>
      {error !== null && (
        <div className="note error" role="alert" data-testid="cmd-flags-error">
          {t("cmd.loadFailed", { error: errorText(error, t) })}
        </div>
      )}
      {list === null && error === null && <div className="muted">{t("common.loading")}</div>}
      {list !== null && list.length === 0 && (
        <div className="muted" data-testid="cmd-flags-empty">
          {t("cmd.empty")}
        </div>
      )}
      {list !== null && list.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t("cmd.col.number")}</th>
              <th>{t("cmd.col.category")}</th>
              <th>{t("cmd.col.station")}</th>
              <th>{t("cmd.col.closed")}</th>
              <th>{t("cmd.col.comment")}</th>
              <th>{t("cmd.col.calledAt")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((f) => {
              const s = subjects.get(f.id);
              const expanded = open === f.incidentId;
              return (
                <Fragment key={f.id}>
                  <tr data-testid="cmd-flag-row" data-id={f.id} data-incident={f.incidentId} data-reviewed={!!f.review}>
                    <td data-testid="cmd-flag-number">
                      <b>{s?.number ?? "…"}</b>
                    </td>
                    <td>{categoryName(f.categoryCode)}</td>
                    <td>{orgName(f.stationId, null, none)}</td>
                    <td>{s ? (s.closedAt ? dateTime(s.closedAt, i18n.language) : t("fu.notClosed")) : "…"}</td>
                    <td data-testid="cmd-flag-comment" style={{ whiteSpace: "normal", minWidth: 200 }}>
                      {f.outcome.comment ?? <span className="muted">{t("cmd.noComment")}</span>}
                    </td>
                    <td>{dateTime(calledAt(f), i18n.language)}</td>
                    <td>
                      <button
                        type="button"
                        className="small"
                        aria-expanded={expanded}
                        data-testid="cmd-flag-open"
                        onClick={() => setOpen(expanded ? null : f.incidentId)}
                      >
                        {expanded ? t("cmd.hide") : t("cmd.details")}
                      </button>{" "}
                      {can("incident:read") && can("unit:read") && (
                        <a href={`#console/${encodeURIComponent(f.incidentId)}`} data-testid="cmd-flag-console">
                          {t("cmd.inConsole")}
                        </a>
                      )}
                    </td>
                  </tr>
                  {expanded && (
                    <tr>
                      <td colSpan={7} style={{ whiteSpace: "normal" }}>
                        <FlaggedIncident id={f.incidentId} />
                        <Review flag={f} onDone={reload} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The incident behind a flag, read fresh: what happened, how it was closed, and its timeline. */
function FlaggedIncident({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  // Any event about the incident (a new flag on it, its timeline growing) reads it again.
  const incidentAnswer = useApi(incidentRead(id));
  const timelineAnswer = useApi(timelineRead(id));
  const incident = incidentAnswer.data ?? null;
  const timeline = timelineAnswer.data ?? NO_EVENTS;
  const error = incidentAnswer.error ?? timelineAnswer.error ?? null;

  if (error !== null)
    return (
      <div className="note error" role="alert" data-testid="cmd-flag-detail-error">
        {t("cmd.detailFailed", { error: errorText(error, t) })}
      </div>
    );
  if (!incident) return <div className="muted">{t("common.loading")}</div>;
  return (
    <div className="cmd-flag-detail" data-testid="cmd-flag-detail" data-incident={id}>
      <dl className="facts" style={{ gridTemplateColumns: "110px 1fr" }}>
        <dt>{t("detail.received")}</dt>
        <dd>{dateTime(incident.times.receivedAt, i18n.language)}</dd>
        <dt>{t("detail.location")}</dt>
        <dd>{incident.location.address ?? t("fu.noAddress")}</dd>
        {incident.narrative && (
          <>
            <dt>{t("detail.narrative")}</dt>
            <dd>{incident.narrative}</dd>
          </>
        )}
        <dt>{t("field.disposition")}</dt>
        <dd data-testid="cmd-flag-disposition">
          {incident.disposition ? pickName(incident.disposition) : t("common.none")}
          {incident.disposition?.note ? ` · ${incident.disposition.note}` : ""}
        </dd>
      </dl>
      <section className="timeline">
        <h3>{t("detail.timeline")}</h3>
        <ol data-testid="cmd-flag-timeline">
          {timeline.map((e) => (
            <TimelineLine key={`${e.seq}-${e.type}`} e={e} />
          ))}
        </ol>
      </section>
    </div>
  );
}

/** What the commander did about it: once written, on the incident's timeline and off the list. */
function Review({ flag, onDone }: { flag: FollowUp; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  if (flag.review)
    return (
      <div className="note ok" data-testid="cmd-review-done">
        {t("cmd.reviewed", { at: dateTime(flag.review.at, i18n.language), note: flag.review.note })}
      </div>
    );
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (note.trim().length < 2) {
      setError({ key: "cmd.reviewNeeded" });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/followups/${encodeURIComponent(flag.id)}/review`, { note: note.trim() });
      onDone();
    } catch (err) {
      // Reviewed meanwhile (by a colleague, or by this very request whose answer was lost): show it.
      if (err instanceof ApiError && err.code === "already_reviewed") return onDone();
      setError(fieldError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="cmd-review" onSubmit={submit} data-testid="cmd-review">
      <label>
        {t("cmd.reviewNote")}
        <textarea
          name="note"
          rows={2}
          value={note}
          maxLength={2000}
          placeholder={t("cmd.reviewPlaceholder")}
          onChange={(e) => setNote(e.target.value)}
          data-testid="cmd-review-note"
        />
      </label>
      <FieldErrorText field="note" error={error} />
      <button type="submit" disabled={busy} data-testid="cmd-review-submit">
        {t("cmd.reviewSubmit")}
      </button>
    </form>
  );
}

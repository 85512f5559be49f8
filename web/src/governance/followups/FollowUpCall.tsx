/** One call: what it is about, the script in the reader's language, the caller's number, the outcome. */
import { useTranslation } from "react-i18next";
import { categoryName } from "../../analytics/GovernanceKpis.tsx";
import { pickName } from "../../i18n.ts";
import { FollowUpCaller } from "./FollowUpCaller.tsx";
import { dateTime } from "./FollowUpList.tsx";
import { FollowUpOutcome } from "./FollowUpOutcome.tsx";
import type { Subject } from "./FollowUpSubject.tsx";
import type { FollowUp, FollowUpRecorded } from "./types.ts";

export function FollowUpCall({
  followUp: f,
  subject,
  onRecorded,
}: {
  followUp: FollowUp;
  subject: Subject | null | undefined;
  onRecorded: (r: FollowUpRecorded) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const o = f.outcome;
  return (
    <article className="fu-call" data-testid="fu-call" data-id={f.id}>
      <header>
        <h3>
          {f.subjectType === "work_order" ? t("fu.kind.work_order") : t("fu.kind.incident")} {subject?.number ?? ""}
          {f.round > 0 && <small className="muted"> {t("fu.round", { n: f.round + 1 })}</small>}
        </h3>
        <span className={`fu-status fu-status-${f.status}`}>{t(`fu.status.${f.status}`)}</span>
      </header>
      <dl className="facts">
        <dt>{t("fu.about")}</dt>
        <dd>
          {categoryName(f.categoryCode)}
          {subject?.statusName && <span className="muted"> · {pickName(subject.statusName)}</span>}
        </dd>
        <dt>{t("fu.place")}</dt>
        <dd>{subject ? (subject.address ?? t("fu.noAddress")) : "…"}</dd>
        <dt>{t("fu.closed")}</dt>
        <dd>{subject?.closedAt ? dateTime(subject.closedAt, lang) : t("fu.notClosed")}</dd>
        <dt>{t("fu.attemptsLabel")}</dt>
        <dd data-testid="fu-call-attempts">{f.attempts}</dd>
        {f.status === "pending" && (
          <>
            <dt>{t("fu.due")}</dt>
            <dd>{dateTime(f.dueAt, lang)}</dd>
          </>
        )}
      </dl>
      <section className="fu-script" data-testid="fu-script" lang={lang === "en" ? "en" : "zh-CN"}>
        <h4>{t("fu.script")}</h4>
        <p>{lang === "en" ? f.script.en : f.script.zh}</p>
      </section>
      <section>
        <h4>{t("fu.caller")}</h4>
        <FollowUpCaller key={f.id} incidentId={f.incidentId} />
      </section>
      {f.status === "pending" ? (
        <FollowUpOutcome key={`${f.id}-${f.attempts}`} followUp={f} onRecorded={onRecorded} />
      ) : (
        <section className="fu-recorded" data-testid="fu-recorded">
          <h4>{t("fu.recorded")}</h4>
          <p>
            {t("fu.reached")}: {o.reached ? t("fu.yes") : t("fu.no")}
            {o.reached && (
              <>
                {" · "}
                {t("fu.satisfied")}: {o.satisfied ? t("fu.yes") : t("fu.no")}
              </>
            )}
          </p>
          {o.comment && <blockquote>{o.comment}</blockquote>}
          {o.recordedAt && <p className="hint">{t("fu.recordedBy", { time: dateTime(o.recordedAt, lang) })}</p>}
        </section>
      )}
    </article>
  );
}

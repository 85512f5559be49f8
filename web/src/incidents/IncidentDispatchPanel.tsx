/**
 * The recommendation for one incident: the nearest street unit sent first (就近先行), then per
 * required unit type the chosen units and a few alternatives, each with its ETA against the
 * arrival target, its road distance, the streets it takes and the reason, ticked on or off, and
 * one click to dispatch them.
 */
import { useTranslation } from "react-i18next";
import type { Recommendation } from "../dispatch/types.ts";
import { currentLang, pickName } from "../i18n.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { duration } from "../platform/format.ts";
import { store } from "../platform/store.ts";

type Requirement = Recommendation["requirements"][number];
type Candidate = Requirement["chosen"][number];

export interface IncidentDispatchPanelProps {
  rec: Recommendation | null;
  recError: FieldError | null;
  onRefresh: () => void;
  /** The units ticked for dispatch. */
  selected: string[];
  onToggle: (unitId: string) => void;
  /** Whether the ticked units are exactly the recommended plan. */
  isPlan: boolean;
  canDispatch: boolean;
  busy: boolean;
  onDispatch: () => void;
}

export function IncidentDispatchPanel(props: IncidentDispatchPanelProps) {
  const { rec, recError, selected, canDispatch, busy } = props;
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <section className="recommendation" data-testid="recommendation">
      <h3>
        {t("rec.title")}{" "}
        <button type="button" className="small" onClick={props.onRefresh}>
          {t("rec.refresh")}
        </button>
      </h3>
      {recError && <FieldErrorText field="recommendation" error={recError} />}
      {!rec && !recError && <div className="muted">{t("rec.loading")}</div>}
      {rec && (
        <>
          {rec.locationName && (
            <div className="muted" data-testid="rec-location">
              {t("rec.at", { name: lang === "en" ? rec.locationName.en : rec.locationName.zh })}
            </div>
          )}
          {rec.warnings.map((w) => (
            <div key={`${w.code}-${w.en}`} className="note warn" data-testid="rec-warning" data-code={w.code}>
              {lang === "en" ? w.en : w.zh}
            </div>
          ))}
          {rec.firstResponder && (
            <div className="requirement first-responder" data-testid="first-responder">
              <div className="req-head">{t("rec.firstResponder")}</div>
              <div className="muted">{lang === "en" ? rec.firstResponder.note.en : rec.firstResponder.note.zh}</div>
              <ul>
                <CandidateRow
                  u={rec.firstResponder.candidate}
                  chosen
                  selected={selected}
                  onToggle={props.onToggle}
                  canDispatch={canDispatch}
                />
              </ul>
            </div>
          )}
          {rec.requirements.map((req) => (
            <RequirementUnits
              key={`${req.unitType}-${req.count}`}
              req={req}
              selected={selected}
              onToggle={props.onToggle}
              canDispatch={canDispatch}
            />
          ))}
          <div className="muted">{t("rec.method", { m: lang === "en" ? rec.travelMethodLabel.en : rec.travelMethodLabel.zh })}</div>
          {canDispatch && (
            <button
              type="button"
              className="primary big"
              disabled={busy || !selected.length}
              onClick={props.onDispatch}
              data-testid="dispatch-plan"
            >
              {busy
                ? t("rec.dispatching")
                : !selected.length
                  ? t("rec.nothing")
                  : props.isPlan
                    ? t("rec.dispatchPlan")
                    : t("rec.dispatchSelected", { n: selected.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** One required unit type: the units chosen for it, then up to three alternatives. */
function RequirementUnits({
  req,
  selected,
  onToggle,
  canDispatch,
}: {
  req: Requirement;
  selected: string[];
  onToggle: (unitId: string) => void;
  canDispatch: boolean;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const typeName = pickName(store.unitTypes.find((u) => u.code === req.unitType)) || req.unitType;
  return (
    <div className="requirement">
      <div className="req-head">
        {t("rec.need", { type: typeName, n: req.count })}
        {req.missing > 0 && <span className="badge warn">{t("rec.missing", { n: req.missing })}</span>}
      </div>
      {req.unfilledReason && <div className="muted">{lang === "en" ? req.unfilledReason.en : req.unfilledReason.zh}</div>}
      <ul>
        {[...req.chosen, ...req.alternatives].map((u) => {
          const chosen = req.chosen.some((x) => x.unitId === u.unitId);
          if (!chosen && !selected.includes(u.unitId) && req.alternatives.indexOf(u) > 2) return null;
          return <CandidateRow key={u.unitId} u={u} chosen={chosen} selected={selected} onToggle={onToggle} canDispatch={canDispatch} />;
        })}
      </ul>
    </div>
  );
}

/** "3分" for whole minutes (a target), else the usual "7分20秒". */
function minutesOrDuration(seconds: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const s = Math.round(seconds);
  return s >= 60 && s % 60 === 0 ? t("rec.wholeMinutes", { m: s / 60 }) : duration(s);
}

/** One proposed unit: callsign, ETA against the target, road distance, why, the streets it takes, what its leaving costs. */
function CandidateRow({
  u,
  chosen,
  selected,
  onToggle,
  canDispatch,
}: {
  u: Candidate;
  chosen: boolean;
  selected: string[];
  onToggle: (unitId: string) => void;
  canDispatch: boolean;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const on = selected.includes(u.unitId);
  const over = u.targetS !== null && u.withinTarget === false ? u.etaS - u.targetS : null;
  return (
    <li
      className={`rec-unit ${on ? "on" : ""} ${chosen ? "" : "alt"}`}
      data-testid="rec-unit"
      data-unit={u.unitId}
      data-within-target={u.withinTarget === null ? undefined : String(u.withinTarget)}
    >
      <span className="callsign">{u.callsign}</span>
      <span className={`eta ${over !== null ? "over" : ""}`} data-testid="eta">
        {t("rec.eta", { t: duration(u.etaS) })}
        {u.targetS !== null && ` / ${t("rec.target", { t: minutesOrDuration(u.targetS, t) })}`}
      </span>
      <span className="muted km" data-testid="km">
        {u.meters !== null && u.meters > 0 ? t("rec.km", { km: (u.meters / 1000).toFixed(1) }) : t("rec.kmUnknown")}
      </span>
      <span className="badges">
        {over !== null && (
          <span className="badge bad" data-testid="over-target">
            {t("rec.overTarget", { t: duration(over) })}
          </span>
        )}
        {u.substituteFor && <span className="badge">{t("rec.substitute")}</span>}
        {u.avlStale && <span className="badge warn">{t("map.staleAvl")}</span>}
      </span>
      <span className="reason">{lang === "en" ? u.reason.en : u.reason.zh}</span>
      {canDispatch && (
        <button type="button" className="small" onClick={() => onToggle(u.unitId)}>
          {on ? t("rec.remove") : t("rec.add")}
        </button>
      )}
      {u.via.length > 0 && (
        <span className="reason" data-testid="via">
          {t("rec.via", { streets: u.via.map((v) => (lang === "en" ? v.en : v.zh)).join(" → ") })}
        </span>
      )}
      {u.coverage && (
        <span className="reason note warn" data-testid="coverage">
          {lang === "en" ? u.coverage.en : u.coverage.zh}
        </span>
      )}
    </li>
  );
}

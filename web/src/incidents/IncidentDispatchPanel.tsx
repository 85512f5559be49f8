/**
 * The recommendation for one incident: per required unit type the chosen units and a few
 * alternatives, each with ETA and the reason, ticked on or off, and one click to dispatch them.
 */
import { useTranslation } from "react-i18next";
import type { Recommendation } from "../dispatch/types.ts";
import { currentLang, pickName } from "../i18n.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { duration } from "../platform/format.ts";
import { store } from "../platform/store.ts";

type Requirement = Recommendation["requirements"][number];

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
          {rec.warnings.map((w) => (
            <div key={w.code} className="note warn">
              {lang === "en" ? w.en : w.zh}
            </div>
          ))}
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
          const on = selected.includes(u.unitId);
          const chosen = req.chosen.some((x) => x.unitId === u.unitId);
          if (!chosen && !on && req.alternatives.indexOf(u) > 2) return null;
          return (
            <li key={u.unitId} className={`rec-unit ${on ? "on" : ""} ${chosen ? "" : "alt"}`} data-testid="rec-unit" data-unit={u.unitId}>
              <span className="callsign">{u.callsign}</span>
              <span className="eta" data-testid="eta">
                {t("rec.eta", { t: duration(u.etaS) })}
              </span>
              {u.meters !== null && <span className="muted">{t("rec.km", { km: (u.meters / 1000).toFixed(1) })}</span>}
              {u.avlStale && <span className="badge warn">{t("map.staleAvl")}</span>}
              <span className="reason">{lang === "en" ? u.reason.en : u.reason.zh}</span>
              {canDispatch && (
                <button type="button" className="small" onClick={() => onToggle(u.unitId)}>
                  {on ? t("rec.remove") : t("rec.add")}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

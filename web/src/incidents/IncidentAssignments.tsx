/** The units on an incident, each with its status and, for the dispatcher, the next step to set on its behalf. */
import { useTranslation } from "react-i18next";
import type { Assignment } from "../dispatch/types.ts";
import { can } from "../platform/api.ts";
import { duration } from "../platform/format.ts";

const NEXT_STEP: Record<string, string | undefined> = {
  dispatched: "acknowledged",
  acknowledged: "en_route",
  en_route: "on_scene",
  on_scene: "cleared",
};

export interface IncidentAssignmentsProps {
  assignments: Assignment[];
  /** Whether the dispatcher may ask for a recommendation of more units now. */
  canAskMore: boolean;
  onAskMore: () => void;
  onStep: (a: Assignment, status: string) => void;
}

export function IncidentAssignments({ assignments, canAskMore, onAskMore, onStep }: IncidentAssignmentsProps) {
  const { t } = useTranslation();
  const active = assignments.filter((a) => a.status !== "cancelled");
  return (
    <section className="assignments">
      <h3>
        {t("detail.assignments")}
        {canAskMore && (
          <button type="button" className="small" onClick={onAskMore}>
            {t("rec.moreUnits")}
          </button>
        )}
      </h3>
      {active.length === 0 && <div className="muted">{t("detail.noAssignments")}</div>}
      <ul>
        {active.map((a) => {
          const next = NEXT_STEP[a.status];
          return (
            <li key={a.id} className="assignment" data-testid="assignment" data-unit={a.unitId} data-status={a.status}>
              <span className="callsign">{a.callsign}</span>
              <span className={`status asg-${a.status}`}>{t(`asg.${a.status}`)}</span>
              {a.etaS !== null && a.status !== "cleared" && <span className="muted">{t("rec.eta", { t: duration(a.etaS) })}</span>}
              {next && can("unit:status") && (
                <button type="button" className="small" onClick={() => onStep(a, next)}>
                  {t("detail.setOnBehalf", { status: t(`asg.${next}`) })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

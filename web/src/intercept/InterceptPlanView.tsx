/**
 * The plan as a commander reads it: the interception probability with its 95 % interval, how it
 * was measured, the warnings, where each unit goes (ETA and slack), the units of other areas the
 * plan counts on (only how many, per owning org), the checkpoints to switch on, and one click that
 * sends the reader's own units and the checkpoints.
 */
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { can } from "../platform/api.ts";
import { duration, timeOfDay } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { PlanDispatchPanel, usePlanDispatch } from "./PlanDispatch.tsx";
import { PlanUnitsTable } from "./PlanUnitsTable.tsx";
import { capacityTotal, checkpointsOf, type InterceptLayer, type InterceptPlan, type PlanDispatchResult, pct } from "./types.ts";

export function InterceptPlanView({
  incidentId,
  plan,
  layer,
  onDispatched,
}: {
  incidentId: string;
  plan: InterceptPlan;
  layer: InterceptLayer | null;
  onDispatched: (r: PlanDispatchResult) => void;
}) {
  const { t } = useTranslation();
  useTopic("units");
  const dispatching = usePlanDispatch(incidentId, plan, onDispatched, t);

  const p = plan.probability;
  const placed = plan.units.filter((u) => u.node !== null);
  // Units with a point first, soonest there first; those the plan leaves where they are last.
  const rows = [...placed].sort((a, b) => (a.etaS ?? 0) - (b.etaS ?? 0)).concat(plan.units.filter((u) => u.node === null));
  const toActivate = plan.checkpoints.filter((c) => c.state === "activate");
  // Units of other areas: the reader sees only how many of each org the plan counts on.
  const capacity = plan.capacity ?? [];
  const names = new Map(checkpointsOf(layer).map((c) => [c.properties.id, pickName(c.properties)]));
  const sentThis = dispatching.result?.planId === plan.id;
  const onIncident = (unitId: string) => store.units.get(unitId)?.incidentId === incidentId;
  const allOnIncident = placed.length > 0 && placed.every((u) => onIncident(u.unitId));
  const warnCounts = new Map<string, number>();
  for (const w of plan.warnings) warnCounts.set(w.code, (warnCounts.get(w.code) ?? 0) + 1);

  return (
    <section className="icp-plan" data-testid="intercept-plan" data-plan={plan.id} data-trigger={plan.trigger}>
      <div className="icp-headline">
        <div className="icp-prob">
          <span className="icp-prob-label">{t("icp.probability")}</span>
          <b data-testid="intercept-probability">{t("icp.percent", { v: pct(p.estimate) })}</b>
          <span className="icp-interval" data-testid="intercept-interval">
            {t("icp.interval", { low: pct(p.low), high: pct(p.high) })}
          </span>
        </div>
        <dl className="icp-facts">
          <dt>{t("icp.inSample")}</dt>
          <dd data-testid="intercept-in-sample">{t("icp.percent", { v: pct(plan.inSampleShare) })}</dd>
          <dt>{t("icp.routes")}</dt>
          <dd data-testid="intercept-routes">{t("icp.routesValue", { n: p.routes, k: p.intercepted })}</dd>
          <dt>{t("icp.computeTime")}</dt>
          <dd data-testid="intercept-compute-ms">{t("icp.ms", { ms: plan.computeMs.total })}</dd>
          <dt>{t("icp.madeAt")}</dt>
          <dd>
            {timeOfDay(plan.createdAt)} · <span data-testid="intercept-trigger">{t(`icp.trigger.${plan.trigger}`)}</span>
          </dd>
          <dt>{t("icp.fromTo")}</dt>
          {/* A re-plan counts from a sighting's second: a tenth of a minute is what a reader uses. */}
          <dd>
            {t("icp.fromToValue", { since: Math.round(plan.minutesSinceFlight * 10) / 10, h: plan.horizonMinutes, f: plan.speedFactor })}
          </dd>
        </dl>
      </div>
      <p className="hint">{t("icp.estimateNote")}</p>
      {plan.guardrails && (
        <p className="note info" data-testid="intercept-guardrails">
          {t("icp.guardrails", {
            reserve: plan.guardrails.reservePerStation,
            reserved: plan.guardrails.reserved,
            low: plan.guardrails.belowMinGain,
            min: t("icp.percent", { v: pct(plan.guardrails.minGain) }),
          })}
        </p>
      )}

      {[...warnCounts].map(([code, n]) => (
        <div key={code} className="note warn" data-testid="intercept-warning" data-code={code}>
          {t(`icp.warn.${code}`, { n, defaultValue: plan.warnings.find((w) => w.code === code)?.detail ?? code })}
        </div>
      ))}

      <h3>{t("icp.units.title", { n: placed.length })}</h3>
      {plan.units.length === 0 ? (
        <div className="muted">{t("icp.units.none")}</div>
      ) : (
        <PlanUnitsTable rows={rows} onIncident={onIncident} />
      )}

      {capacity.length > 0 && (
        <>
          <h3>{t("icp.capacity.title", { n: capacityTotal(capacity) })}</h3>
          <p className="hint">{t("icp.capacity.hint")}</p>
          <ul className="icp-cps" data-testid="intercept-capacity">
            {capacity.map((c) => (
              <li key={c.orgId} data-testid="intercept-capacity-row" data-org={c.orgId} data-units={c.units}>
                <b>{pickName(c)}</b> <span className="muted">{t(`icp.capacity.${c.relation}`, { n: c.units })}</span>
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t("icp.cps.title", { n: toActivate.length })}</h3>
      {plan.checkpoints.length === 0 ? (
        <div className="muted">{t("icp.cps.none")}</div>
      ) : (
        <ul className="icp-cps" data-testid="intercept-checkpoints">
          {plan.checkpoints.map((c) => (
            <li key={c.checkpointId} data-testid="intercept-checkpoint" data-checkpoint={c.checkpointId} data-state={c.state}>
              <b>{names.get(c.checkpointId) ?? c.name}</b> {c.place && <span className="muted">（{pickName(c.place)}）</span>}{" "}
              <span className={`badge ${c.state === "active" ? "ok" : "warn"}`}>
                {c.state === "active" ? t("icp.cp.planKeep") : t("icp.cp.planActivate")}
              </span>{" "}
              <span className="muted">
                {c.state === "activate" ? t("icp.cps.readyIn", { t: duration(c.readyInS) }) : ""}{" "}
                {t("icp.cps.share", { v: pct(c.routeShare) })}
              </span>
            </li>
          ))}
        </ul>
      )}

      {can("dispatch:assign") && (
        <PlanDispatchPanel
          planned={{ units: placed.length, checkpoints: toActivate.length }}
          allOnIncident={allOnIncident}
          dispatching={dispatching}
          sentThis={sentThis}
        />
      )}
    </section>
  );
}

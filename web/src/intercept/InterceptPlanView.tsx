/**
 * The plan as a commander reads it: the interception probability with its 95 % interval, how it
 * was measured, the warnings, where each unit goes (ETA and slack), the units of other areas the
 * plan counts on (only how many, per owning org), the checkpoints to switch on, and one click that
 * sends the reader's own units and the checkpoints.
 */
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { ApiError, api, can, errorText, newIdempotencyKey } from "../platform/api.ts";
import { duration, timeOfDay } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
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
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PlanDispatchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  // One key per plan: a retry after a lost answer must not dispatch twice.
  const key = useRef<{ planId: string; key: string } | null>(null);

  const p = plan.probability;
  const placed = plan.units.filter((u) => u.node !== null);
  // Units with a point first, soonest there first; those the plan leaves where they are last.
  const rows = [...placed].sort((a, b) => (a.etaS ?? 0) - (b.etaS ?? 0)).concat(plan.units.filter((u) => u.node === null));
  const toActivate = plan.checkpoints.filter((c) => c.state === "activate");
  // Units of other areas: the reader sees only how many of each org the plan counts on.
  const capacity = plan.capacity ?? [];
  const names = new Map(checkpointsOf(layer).map((c) => [c.properties.id, pickName(c.properties)]));
  const sentThis = result?.planId === plan.id;
  const onIncident = (unitId: string) => store.units.get(unitId)?.incidentId === incidentId;
  const allOnIncident = placed.length > 0 && placed.every((u) => onIncident(u.unitId));
  const warnCounts = new Map<string, number>();
  for (const w of plan.warnings) warnCounts.set(w.code, (warnCounts.get(w.code) ?? 0) + 1);

  async function dispatch() {
    if (busy) return;
    if (key.current?.planId !== plan.id) key.current = { planId: plan.id, key: newIdempotencyKey() };
    setBusy(true);
    setError(null);
    setErrorCode(null);
    try {
      const r = await api<PlanDispatchResult>(
        "POST",
        `/incidents/${encodeURIComponent(incidentId)}/intercept-plan/dispatch`,
        {},
        { "Idempotency-Key": key.current.key },
      );
      setResult(r);
      onDispatched(r);
      // The stream brings these too; asking now shows the new states without waiting for it.
      for (const u of r.redirected) void store.refreshUnit(u.unitId);
      void store.refreshIncident(incidentId);
    } catch (e) {
      setError(errorText(e, t));
      setErrorCode(e instanceof ApiError ? (e.code ?? String(e.status)) : "network");
    } finally {
      setBusy(false);
    }
  }

  const dispatchState = busy ? "busy" : sentThis ? "dispatched" : error ? "error" : "ready";
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

      {[...warnCounts].map(([code, n]) => (
        <div key={code} className="note warn" data-testid="intercept-warning" data-code={code}>
          {t(`icp.warn.${code}`, { n, defaultValue: plan.warnings.find((w) => w.code === code)?.detail ?? code })}
        </div>
      ))}

      <h3>{t("icp.units.title", { n: placed.length })}</h3>
      {plan.units.length === 0 ? (
        <div className="muted">{t("icp.units.none")}</div>
      ) : (
        <table className="icp-table" data-testid="intercept-units">
          <thead>
            <tr>
              <th>{t("icp.units.callsign")}</th>
              <th>{t("icp.units.point")}</th>
              <th>{t("icp.units.eta")}</th>
              <th>{t("icp.units.slack")}</th>
              <th>{t("icp.units.share")}</th>
              <th>{t("icp.units.status")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => {
              const live = store.units.get(u.unitId);
              const here = onIncident(u.unitId);
              return (
                <tr
                  key={u.unitId}
                  data-testid="intercept-unit"
                  data-unit={u.unitId}
                  data-placed={u.node !== null}
                  data-dispatched={here}
                  className={u.node === null ? "muted" : ""}
                >
                  <td className="callsign">{u.label}</td>
                  {u.node === null ? (
                    <td colSpan={4} className="muted">
                      {t("icp.units.noPoint")}
                    </td>
                  ) : (
                    <>
                      <td data-testid="intercept-unit-point" title={`${u.lat?.toFixed(5)}, ${u.lon?.toFixed(5)}`}>
                        {t("icp.units.node", { node: u.node })}
                      </td>
                      <td data-testid="intercept-unit-eta" className="icp-num">
                        {u.etaS === null ? "—" : duration(u.etaS)}
                      </td>
                      <td data-testid="intercept-unit-slack" className={`icp-num ${u.slackS !== null && u.slackS < 60 ? "icp-tight" : ""}`}>
                        {u.slackS === null ? "—" : duration(u.slackS)}
                      </td>
                      <td className="icp-num">{t("icp.percent", { v: pct(u.routeShare) })}</td>
                    </>
                  )}
                  <td>
                    {here ? (
                      <span className="badge ok" data-testid="intercept-unit-dispatched">
                        {t("icp.units.dispatched")}
                      </span>
                    ) : live ? (
                      <span className="muted">{pickName(live.status)}</span>
                    ) : null}
                    {live?.position?.stale && <span className="badge warn">{t("map.staleAvl")}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
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
              <b>{names.get(c.checkpointId) ?? c.name}</b>{" "}
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
        <div className="icp-dispatch">
          <button
            type="button"
            className="primary big"
            data-testid="intercept-dispatch"
            data-state={dispatchState}
            disabled={busy || sentThis || (placed.length === 0 && toActivate.length === 0)}
            onClick={dispatch}
          >
            {busy
              ? t("icp.dispatching")
              : sentThis
                ? t("icp.dispatched")
                : placed.length === 0 && toActivate.length === 0
                  ? t("icp.nothingToDispatch")
                  : allOnIncident
                    ? t("icp.redirect", { n: placed.length, k: toActivate.length })
                    : t("icp.dispatch", { n: placed.length, k: toActivate.length })}
          </button>
          {sentThis && result && (
            <div className="note ok" role="status" data-testid="intercept-dispatch-result">
              {t("icp.dispatchedResult", {
                units: result.redirected.map((r) => r.callsign).join(", ") || t("common.none"),
                k: result.checkpointsActivated.length,
              })}
            </div>
          )}
          {sentThis && result && capacityTotal(result.outsideArea) > 0 && (
            <div className="note info" data-testid="intercept-dispatch-outside">
              {t("icp.outsideArea", { n: capacityTotal(result.outsideArea) })}
            </div>
          )}
          {error && (
            <div className="note error" role="alert" data-testid="intercept-dispatch-error" data-code={errorCode ?? ""}>
              {error}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Ring check-and-control (圈层查控) for one incident: the planner's inputs, the latest plan with its
 * map, one-click dispatch, and the incident's watch orders. The plan follows the stream: a
 * sighting or checkpoint report re-plans on the server, and the view fetches the new plan when the
 * incident's `intercept.plan_computed` event arrives. A dispatcher can enter a sighting by clicking
 * the map; the sightings on the incident's timeline are drawn on it. Without an incident, a list
 * to pick one. Every plan arrives as the server shows it to this reader: units outside the
 * reader's area are only counts per owning org (`capacity`), so neither the table nor the map can
 * show more of them, and the stream's intercept events carry no unit details to fetch them from.
 */
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { keys } from "../data/keys.ts";
import { invalidate, setAnswer } from "../data/mutations.ts";
import { useApi } from "../data/query.ts";
import { currentLang, pickName } from "../i18n.ts";
import { timelineRead, useIncident } from "../incidents/queries.ts";
import type { Incident } from "../incidents/types.ts";
import { ApiError, api, errorText } from "../platform/api.ts";
import { useTopic } from "../platform/store.ts";
import { InterceptForm } from "./InterceptForm.tsx";
import { InterceptMap } from "./InterceptMap.tsx";
import { InterceptPicker } from "./InterceptPicker.tsx";
import { InterceptPlanView } from "./InterceptPlanView.tsx";
import { InterceptSighting, type SightingPick } from "./InterceptSighting.tsx";
import { InterceptWatchOrders } from "./InterceptWatchOrders.tsx";
import type { PlanRequestBody, ReachFrom } from "./planRequest.ts";
import { incidentWatchOrdersRead, interceptLayerRead, interceptPlanRead, newerPlan } from "./queries.ts";
import { type InterceptPlan, type Sighting, sightingsOf, type WatchOrder } from "./types.ts";
import { useReplanning } from "./useReplanning.ts";
import "./intercept.css";

export default function Intercept({ incidentId }: { incidentId: string | null }) {
  if (!incidentId)
    return (
      <div className="intercept intercept-pick" data-testid="intercept-view" data-incident="">
        <InterceptPicker />
      </div>
    );
  // A fresh view per incident: nothing of one incident's plan may linger on the next.
  return <InterceptIncident key={incidentId} incidentId={incidentId} />;
}

const NO_ORDERS: WatchOrder[] = [];
const NO_SIGHTINGS: Sighting[] = [];

function InterceptIncident({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  useTopic("incidents", "ref");
  const { incident, missing } = useIncident(incidentId);
  const [busy, setBusy] = useState(false);
  const [reachFrom, setReachFrom] = useState<ReachFrom>({ minutes: null, origin: null });
  const [pick, setPick] = useState<SightingPick | null>(null);
  const path = `/incidents/${encodeURIComponent(incidentId)}`;

  // The plan, the layer, the watch orders and the sightings follow the stream (data/bridge.ts):
  // a re-plan's event brings the new plan, a report the orders, a sighting the timeline.
  const planAnswer = useApi(interceptPlanRead(incidentId), { merge: newerPlan });
  const plan = planAnswer.data ?? null;
  const planError = !plan && planAnswer.isError ? errorText(planAnswer.error, t) : null;
  const layerAnswer = useApi(interceptLayerRead());
  const layer = layerAnswer.data ?? null;
  const layerError = layerAnswer.isError ? errorText(layerAnswer.error, t) : null;
  const ordersAnswer = useApi(incidentWatchOrdersRead(incidentId));
  const orders = ordersAnswer.data ?? (ordersAnswer.isError ? NO_ORDERS : null);
  // Without the timeline the map just shows no sightings; the plan still has the last one.
  const timelineAnswer = useApi(timelineRead(incidentId), { select: sightingsOf });
  const sightings = timelineAnswer.data ?? (timelineAnswer.isError ? NO_SIGHTINGS : null);

  const { replanning, replanned } = useReplanning(incidentId, plan?.id ?? null);

  /** Shows a plan the server answered with, unless a newer one is already shown. */
  const showPlan = useCallback(
    (p: InterceptPlan) => {
      setAnswer(interceptPlanRead(incidentId), (held) => newerPlan(held, p));
      replanned();
    },
    [incidentId, replanned],
  );
  const planAgain = useCallback(() => void invalidate(keys.interceptPlan(incidentId)), [incidentId]);

  const startPick = useCallback(() => setPick((old) => ({ session: (old?.session ?? 0) + 1, point: null })), []);
  const cancelPick = useCallback(() => setPick(null), []);
  const pickAt = useCallback((point: { lat: number; lon: number }) => setPick((old) => (old ? { ...old, point } : old)), []);
  const sightingSaved = useCallback(
    (p: InterceptPlan | null) => {
      setPick(null);
      if (p) showPlan(p);
      else planAgain();
      void invalidate(keys.timeline(incidentId));
    },
    [showPlan, planAgain, incidentId],
  );

  async function compute(body: PlanRequestBody) {
    setBusy(true);
    try {
      showPlan(await api<InterceptPlan>("POST", `${path}/intercept-plan`, body));
    } catch (e) {
      // Someone else's newer request won: show theirs, and say why ours was dropped.
      if (e instanceof ApiError && e.code === "plan_superseded") planAgain();
      throw e;
    } finally {
      setBusy(false);
    }
  }

  if (!incident)
    return (
      <div className="intercept" data-testid="intercept-view" data-incident={incidentId}>
        <div className="icp-side">
          <a href="#intercept" className="icp-back">
            {t("icp.back")}
          </a>
          <div className="muted" data-testid="intercept-missing">
            {missing ? t("icp.notFound") : t("common.loading")}
          </div>
        </div>
      </div>
    );

  return (
    <div className="intercept" data-testid="intercept-view" data-incident={incidentId} data-plan={plan?.id ?? ""}>
      <div className="icp-side">
        <a href="#intercept" className="icp-back" data-testid="intercept-back">
          {t("icp.back")}
        </a>
        <IncidentHeading incident={incident} />

        <InterceptSighting incidentId={incidentId} pick={pick} onStart={startPick} onCancel={cancelPick} onSaved={sightingSaved} />

        <InterceptForm incident={incident} plan={plan} busy={busy} onCompute={compute} onReachFrom={setReachFrom} />

        <PlanStatusNotes
          replanning={replanning}
          busy={busy}
          pending={planAnswer.isPending}
          noPlan={planAnswer.data === null}
          planError={planError}
        />
        {plan && (
          <>
            <div className="icp-summary" data-testid="intercept-summary">
              {plan.summary[currentLang()]}
            </div>
            <InterceptPlanView
              incidentId={incidentId}
              plan={plan}
              layer={layer}
              onDispatched={() => void invalidate(keys.interceptLayer())}
            />
          </>
        )}
        {layerError && <div className="note warn">{t("icp.layerError", { e: layerError })}</div>}

        <InterceptWatchOrders
          incidentId={incidentId}
          orders={orders}
          layer={layer}
          reachFrom={reachFrom}
          onChanged={() => void invalidate(keys.watchOrders())}
          onPlan={showPlan}
        />
      </div>
      <div className="icp-main">
        <InterceptMap
          incidentId={incidentId}
          incident={incident.location}
          plan={plan}
          layer={layer}
          sightings={sightings}
          picking={pick !== null}
          pickPoint={pick?.point ?? null}
          onPick={pickAt}
        />
      </div>
    </div>
  );
}

/** Which incident the plan is for: priority, category, number, status and where. */
function IncidentHeading({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  return (
    <header className="icp-incident">
      <span className={`prio-badge prio-${incident.priority}`}>{t(`priority.${incident.priority}`)}</span>{" "}
      <b>{pickName(incident.category)}</b> <small>{incident.number}</small>{" "}
      <span className={`status status-${incident.status}`}>{t(`status.${incident.status}`)}</span>
      <div className="muted">{incident.location.address ?? `${incident.location.lat.toFixed(5)}, ${incident.location.lon.toFixed(5)}`}</div>
    </header>
  );
}

/** What the plan is doing: being re-planned or computed, loading, not made yet, or failed to load. */
function PlanStatusNotes({
  replanning,
  busy,
  pending,
  noPlan,
  planError,
}: {
  replanning: boolean;
  busy: boolean;
  pending: boolean;
  /** The server has no plan for the incident yet. */
  noPlan: boolean;
  planError: string | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      {replanning && (
        <div className="note info" role="status" data-testid="intercept-replanning">
          {t("icp.replanning")}
        </div>
      )}
      {busy && (
        <div className="note info" role="status" data-testid="intercept-busy">
          {t("icp.busyNote")}
        </div>
      )}
      {pending && <div className="muted">{t("common.loading")}</div>}
      {noPlan && !planError && (
        <div className="muted" data-testid="intercept-no-plan">
          {t("icp.noPlan")}
        </div>
      )}
      {planError && (
        <div className="note error" role="alert" data-testid="intercept-load-error">
          {planError}
        </div>
      )}
    </>
  );
}

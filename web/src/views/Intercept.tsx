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
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, errorText } from "../api.ts";
import { InterceptForm, type PlanRequestBody, type ReachFrom } from "../components/InterceptForm.tsx";
import { InterceptMap } from "../components/InterceptMap.tsx";
import { InterceptPicker } from "../components/InterceptPicker.tsx";
import { InterceptPlanView } from "../components/InterceptPlanView.tsx";
import { InterceptSighting, type SightingPick } from "../components/InterceptSighting.tsx";
import { InterceptWatchOrders } from "../components/InterceptWatchOrders.tsx";
import { currentLang, pickName } from "../i18n.ts";
import {
  type InterceptLayer,
  type InterceptPlan,
  NEW_POSITION_EVENTS,
  PLAN_EVENT,
  SIGHTING_EVENT,
  type Sighting,
  sightingsOf,
  type WatchOrder,
} from "../intercept-types.ts";
import { store, useTopic } from "../store.ts";
import type { TimelineEvent } from "../types.ts";
import "../intercept.css";

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

type PlanState = { kind: "loading" } | { kind: "none" } | { kind: "error"; text: string } | { kind: "ready"; plan: InterceptPlan };

/** Events arrive in bursts (a report, its re-plan, the units it moves): one fetch per burst. */
function useDebounced(fn: () => void, ms: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  }, [ms]);
}

function InterceptIncident({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  useTopic("incidents", "ref");
  const incident = store.incidents.get(incidentId) ?? null;
  const [missing, setMissing] = useState(false);
  const [state, setState] = useState<PlanState>({ kind: "loading" });
  const [busy, setBusy] = useState(false);
  const [layer, setLayer] = useState<InterceptLayer | null>(null);
  const [layerError, setLayerError] = useState<string | null>(null);
  const [orders, setOrders] = useState<WatchOrder[] | null>(null);
  const [replanning, setReplanning] = useState(false);
  const [reachFrom, setReachFrom] = useState<ReachFrom>({ minutes: null, origin: null });
  const [sightings, setSightings] = useState<Sighting[] | null>(null);
  const [pick, setPick] = useState<SightingPick | null>(null);
  const plan = state.kind === "ready" ? state.plan : null;
  const planId = useRef<string | null>(null);
  planId.current = plan?.id ?? null;
  const path = `/incidents/${encodeURIComponent(incidentId)}`;

  /** Shows a plan unless a newer one is already shown (answers can cross on the wire). */
  const showPlan = useCallback((p: InterceptPlan) => {
    setState((old) => (old.kind === "ready" && old.plan.seq > p.seq ? old : { kind: "ready", plan: p }));
    setReplanning(false);
  }, []);

  const loadPlan = useCallback(async () => {
    try {
      showPlan(await api<InterceptPlan>("GET", `${path}/intercept-plan`));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && e.code === "not_found")
        setState((old) => (old.kind === "ready" ? old : { kind: "none" }));
      else setState((old) => (old.kind === "ready" ? old : { kind: "error", text: errorText(e, t) }));
    }
  }, [path, showPlan, t]);

  const loadLayer = useCallback(async () => {
    try {
      setLayer(await api<InterceptLayer>("GET", "/intercept/layer"));
      setLayerError(null);
    } catch (e) {
      setLayerError(errorText(e, t));
    }
  }, [t]);

  const loadOrders = useCallback(async () => {
    try {
      setOrders(await api<WatchOrder[]>("GET", `/watch-orders?incidentId=${encodeURIComponent(incidentId)}`));
    } catch {
      setOrders((old) => old ?? []);
    }
  }, [incidentId]);

  const loadSightings = useCallback(async () => {
    try {
      setSightings(sightingsOf(await api<TimelineEvent[]>("GET", `${path}/timeline`)));
    } catch {
      // Without the timeline the map just shows no sightings; the plan still has the last one.
      setSightings((old) => old ?? []);
    }
  }, [path]);

  const planSoon = useDebounced(() => void loadPlan(), 150);
  const layerSoon = useDebounced(() => void loadLayer(), 300);
  const ordersSoon = useDebounced(() => void loadOrders(), 200);
  const sightingsSoon = useDebounced(() => void loadSightings(), 200);

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once per incident (the view is keyed by it)
  useEffect(() => {
    if (!store.incidents.has(incidentId)) void store.refreshIncident(incidentId).then((i) => setMissing(!i));
    void loadPlan();
    void loadLayer();
    void loadOrders();
    void loadSightings();
  }, []);

  useEffect(() => {
    let replanTimer: ReturnType<typeof setTimeout> | null = null;
    const off = store.onEvent((e) => {
      if (e.stream === "intercept") layerSoon();
      if (e.stream === "watch_order" && e.data?.incidentId === incidentId) ordersSoon();
      if (e.stream !== "incident" || e.streamId !== incidentId) return;
      if (e.type === PLAN_EVENT) {
        if (e.data?.planId !== planId.current) planSoon();
        // Our own re-plan, already shown from the answer: the stream's "re-planning" is over too.
        else setReplanning(false);
      }
      if (e.type === SIGHTING_EVENT) sightingsSoon();
      if (NEW_POSITION_EVENTS.includes(e.type)) {
        // The server is re-planning from the new position; its plan follows in a moment.
        setReplanning(true);
        if (replanTimer) clearTimeout(replanTimer);
        replanTimer = setTimeout(() => setReplanning(false), 60_000);
      }
      if (e.type.startsWith("watch_order.") || NEW_POSITION_EVENTS.includes(e.type)) ordersSoon();
      if (e.type === "intercept.plan_dispatched") layerSoon();
    });
    return () => {
      off();
      if (replanTimer) clearTimeout(replanTimer);
    };
  }, [incidentId, planSoon, layerSoon, ordersSoon, sightingsSoon]);

  const startPick = useCallback(() => setPick((old) => ({ session: (old?.session ?? 0) + 1, point: null })), []);
  const cancelPick = useCallback(() => setPick(null), []);
  const pickAt = useCallback((point: { lat: number; lon: number }) => setPick((old) => (old ? { ...old, point } : old)), []);
  const sightingSaved = useCallback(
    (p: InterceptPlan | null) => {
      setPick(null);
      if (p) showPlan(p);
      else planSoon();
      void loadSightings();
    },
    [showPlan, planSoon, loadSightings],
  );

  async function compute(body: PlanRequestBody) {
    setBusy(true);
    try {
      showPlan(await api<InterceptPlan>("POST", `${path}/intercept-plan`, body));
    } catch (e) {
      // Someone else's newer request won: show theirs, and say why ours was dropped.
      if (e instanceof ApiError && e.code === "plan_superseded") planSoon();
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
        <header className="icp-incident">
          <span className={`prio-badge prio-${incident.priority}`}>{t(`priority.${incident.priority}`)}</span>{" "}
          <b>{pickName(incident.category)}</b> <small>{incident.number}</small>{" "}
          <span className={`status status-${incident.status}`}>{t(`status.${incident.status}`)}</span>
          <div className="muted">
            {incident.location.address ?? `${incident.location.lat.toFixed(5)}, ${incident.location.lon.toFixed(5)}`}
          </div>
        </header>

        <InterceptSighting incidentId={incidentId} pick={pick} onStart={startPick} onCancel={cancelPick} onSaved={sightingSaved} />

        <InterceptForm incident={incident} plan={plan} busy={busy} onCompute={compute} onReachFrom={setReachFrom} />

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
        {state.kind === "loading" && <div className="muted">{t("common.loading")}</div>}
        {state.kind === "none" && (
          <div className="muted" data-testid="intercept-no-plan">
            {t("icp.noPlan")}
          </div>
        )}
        {state.kind === "error" && (
          <div className="note error" role="alert" data-testid="intercept-load-error">
            {state.text}
          </div>
        )}
        {plan && (
          <>
            <div className="icp-summary" data-testid="intercept-summary">
              {plan.summary[currentLang()]}
            </div>
            <InterceptPlanView incidentId={incidentId} plan={plan} layer={layer} onDispatched={() => layerSoon()} />
          </>
        )}
        {layerError && <div className="note warn">{t("icp.layerError", { e: layerError })}</div>}

        <InterceptWatchOrders
          incidentId={incidentId}
          orders={orders}
          layer={layer}
          reachFrom={reachFrom}
          onChanged={() => void loadOrders()}
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

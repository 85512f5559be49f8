/**
 * The planner's settings as the dispatcher types them, and where the plan starts: a new plan (a
 * re-plan from a report, another dispatcher's plan) brings its settings and its last known
 * position; what the dispatcher is typing is kept while no new plan arrives.
 */
import { useEffect, useRef, useState } from "react";
import type { Incident } from "../incidents/types.ts";
import { serverNow } from "../platform/api.ts";
import type { PlanInputs } from "./planRequest.ts";
import {
  DEFAULT_HORIZON,
  DEFAULT_MAX_ACTIVATIONS,
  DEFAULT_ROUTES,
  type InterceptPlan,
  MODE_SPEED,
  type PlanScope,
  type TravelMode,
} from "./types.ts";

const round1 = (x: number) => Math.max(0, Math.round(x * 10) / 10);

/**
 * Minutes from flight to now: the plan's own count carried forward (it may come from a person who
 * knew better than the call time, or from a sighting), else the time since the call.
 */
export function minutesSince(incident: Incident, plan: InterceptPlan | null, fromPlan: boolean): number {
  if (fromPlan && plan) return round1(plan.params.minutesSinceFlight + (serverNow() - Date.parse(plan.createdAt)) / 60_000);
  return round1((serverNow() - Date.parse(incident.times.receivedAt)) / 60_000);
}

export interface PlanSettings extends PlanInputs {
  /** The plan's position when a sighting or report moved it away from the incident. */
  lastKnown: { lat: number; lon: number } | null;
  fromLastKnown: boolean;
  /** Whether the planner starts from the plan's position (and so from its count of minutes). */
  fromPlan: boolean;
  setFromLastKnown: (v: boolean) => void;
  setMinutes: (v: string) => void;
  setHorizon: (v: string) => void;
  /** A new scope; the horizon follows it while it still has the old scope's default. */
  changeScope: (s: PlanScope) => void;
  setMode: (v: TravelMode) => void;
  setSpeed: (v: string) => void;
  setRoutes: (v: string) => void;
  setMaxAct: (v: string) => void;
  setReserve: (v: string) => void;
  setMinGainPct: (v: string) => void;
}

export function usePlanSettings(incident: Incident, plan: InterceptPlan | null): PlanSettings {
  const lastKnown =
    plan &&
    (Math.abs(plan.params.origin.lat - incident.location.lat) > 1e-6 || Math.abs(plan.params.origin.lon - incident.location.lon) > 1e-6)
      ? plan.params.origin
      : null;
  const [fromLastKnown, setFromLastKnown] = useState(true);
  const [minutes, setMinutes] = useState(() => String(minutesSince(incident, plan, true)));
  const fromPlan = !lastKnown || fromLastKnown;
  const [scope, setScope] = useState<PlanScope>("city");
  const [horizon, setHorizon] = useState(String(DEFAULT_HORIZON.city));
  const [mode, setMode] = useState<TravelMode>("car");
  const [speed, setSpeed] = useState("");
  const [routes, setRoutes] = useState(String(DEFAULT_ROUTES));
  const [maxAct, setMaxAct] = useState(String(DEFAULT_MAX_ACTIVATIONS));
  const [reserve, setReserve] = useState("");
  const [minGainPct, setMinGainPct] = useState("");

  const seenPlan = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the plan's identity only
  useEffect(() => {
    if (!plan || seenPlan.current === plan.id) return;
    seenPlan.current = plan.id;
    // A re-plan from a new position (a sighting, a checkpoint report): the next plan starts there
    // too, even if the box was cleared for an older position.
    const fresh = plan.trigger !== "manual";
    if (fresh) setFromLastKnown(true);
    const p = plan.params;
    setScope(p.scope);
    setHorizon(String(p.horizonMinutes));
    setMode(p.travelMode);
    setSpeed(p.speedFactor === MODE_SPEED[p.travelMode] ? "" : String(p.speedFactor));
    setRoutes(String(p.routes));
    setMaxAct(String(p.maxActivations));
    setReserve(p.reservePerStation === undefined ? "" : String(p.reservePerStation));
    setMinGainPct(p.minGain === undefined ? "" : String(Math.round(p.minGain * 1000) / 10));
    setMinutes(String(minutesSince(incident, plan, fresh || fromPlan)));
  }, [plan?.id]);

  function changeScope(s: PlanScope) {
    if (horizon === String(DEFAULT_HORIZON[scope])) setHorizon(String(DEFAULT_HORIZON[s]));
    setScope(s);
  }

  return {
    lastKnown,
    fromLastKnown,
    fromPlan,
    minutes,
    horizon,
    scope,
    mode,
    speed,
    routes,
    maxAct,
    reserve,
    minGainPct,
    setFromLastKnown,
    setMinutes,
    setHorizon,
    changeScope,
    setMode,
    setSpeed,
    setRoutes,
    setMaxAct,
    setReserve,
    setMinGainPct,
  };
}

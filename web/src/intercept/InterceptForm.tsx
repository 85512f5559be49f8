/**
 * The planner's inputs: minutes since flight, horizon, scope, travel mode, speed factor, how many
 * escapes to simulate and how many checkpoints may be switched on. The server checks the ranges;
 * its problem is shown next to the field it names.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Incident } from "../incidents/types.ts";
import { ApiError, errorText, serverNow } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import {
  DEFAULT_HORIZON,
  DEFAULT_MAX_ACTIVATIONS,
  DEFAULT_ROUTES,
  type InterceptPlan,
  MODE_SPEED,
  type PlanScope,
  type TravelMode,
} from "./types.ts";

export interface PlanRequestBody {
  minutesSinceFlight: number;
  horizonMinutes?: number;
  scope: PlanScope;
  travelMode: TravelMode;
  speedFactor?: number;
  routes?: number;
  maxActivations?: number;
  origin?: { lat: number; lon: number };
}

const FIELDS = [
  "minutesSinceFlight",
  "horizonMinutes",
  "scope",
  "travelMode",
  "speedFactor",
  "routes",
  "maxActivations",
  "origin",
] as const;
type Field = (typeof FIELDS)[number];

/** The form field a problem's `field` belongs to ("origin.lat" → origin); null for the form as a whole. */
function formField(field: string | undefined): Field | null {
  const f = (field ?? "").replace(/^\//, "").split(/[./]/)[0];
  return (FIELDS as readonly string[]).includes(f) ? (f as Field) : null;
}

const round1 = (x: number) => Math.max(0, Math.round(x * 10) / 10);

/**
 * Minutes from flight to now: the plan's own count carried forward (it may come from a person who
 * knew better than the call time, or from a sighting), else the time since the call.
 */
function minutesSince(incident: Incident, plan: InterceptPlan | null, fromPlan: boolean): number {
  if (fromPlan && plan) return round1(plan.params.minutesSinceFlight + (serverNow() - Date.parse(plan.createdAt)) / 60_000);
  return round1((serverNow() - Date.parse(incident.times.receivedAt)) / 60_000);
}

export interface ReachFrom {
  minutes: number | null;
  /** The last known position; null means the incident's location. */
  origin: { lat: number; lon: number } | null;
}

export function InterceptForm({
  incident,
  plan,
  busy,
  onCompute,
  onReachFrom,
}: {
  incident: Incident;
  plan: InterceptPlan | null;
  busy: boolean;
  onCompute: (body: PlanRequestBody) => Promise<void>;
  /** Minutes since the flight from the incident's location: a watch order to reachable posts uses them. */
  /** Where and since when a "reachable" watch order counts: the planner's own starting point. */
  onReachFrom?: (from: ReachFrom) => void;
}) {
  const { t } = useTranslation();
  const lastKnown =
    plan &&
    (Math.abs(plan.params.origin.lat - incident.location.lat) > 1e-6 || Math.abs(plan.params.origin.lon - incident.location.lon) > 1e-6)
      ? plan.params.origin
      : null;
  const [fromLastKnown, setFromLastKnown] = useState(true);
  const [minutes, setMinutes] = useState(() => String(minutesSince(incident, plan, true)));
  /** Whether the planner starts from the plan's position (and so from its count of minutes). */
  const fromPlan = !lastKnown || fromLastKnown;
  const [scope, setScope] = useState<PlanScope>("city");
  const [horizon, setHorizon] = useState(String(DEFAULT_HORIZON.city));
  const [mode, setMode] = useState<TravelMode>("car");
  const [speed, setSpeed] = useState("");
  const [routes, setRoutes] = useState(String(DEFAULT_ROUTES));
  const [maxAct, setMaxAct] = useState(String(DEFAULT_MAX_ACTIVATIONS));
  const [errors, setErrors] = useState<Partial<Record<Field | "form", FieldError>>>({});
  const [formText, setFormText] = useState<string | null>(null);

  // A new plan (a re-plan from a report, another dispatcher's plan) brings its settings and its
  // last known position; what the dispatcher is typing is kept while no new plan arrives.
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
    setMinutes(String(minutesSince(incident, plan, fresh || fromPlan)));
  }, [plan?.id]);

  // A watch order's reach is counted from where the planner starts: the last known position and
  // the minutes since the suspect was there, or the incident and the minutes since flight.
  const fromSighting = !!lastKnown && fromLastKnown;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the position is compared by value; the plan object is new on every load
  useEffect(() => {
    const n = Number(minutes);
    const typed = minutes.trim() !== "" && Number.isFinite(n) ? n : null;
    onReachFrom?.({ minutes: typed, origin: fromSighting ? lastKnown : null });
  }, [minutes, fromSighting, lastKnown?.lat, lastKnown?.lon, onReachFrom]);

  function changeScope(s: PlanScope) {
    // The horizon follows the scope while it still has the old scope's default.
    if (horizon === String(DEFAULT_HORIZON[scope])) setHorizon(String(DEFAULT_HORIZON[s]));
    setScope(s);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    const errs: Partial<Record<Field, FieldError>> = {};
    const num = (field: Field, label: string, value: string, required: boolean): number | undefined => {
      if (value.trim() === "") {
        if (required) errs[field] = { key: "val.required", params: { field: label } };
        return undefined;
      }
      const n = Number(value);
      if (!Number.isFinite(n)) errs[field] = { key: "icp.err.number", params: { field: label } };
      return n;
    };
    const body: PlanRequestBody = {
      minutesSinceFlight: num("minutesSinceFlight", t("icp.f.minutes"), minutes, true) ?? 0,
      horizonMinutes: num("horizonMinutes", t("icp.f.horizon"), horizon, false),
      scope,
      travelMode: mode,
      speedFactor: num("speedFactor", t("icp.f.speed"), speed, false),
      routes: num("routes", t("icp.f.routes"), routes, false),
      maxActivations: num("maxActivations", t("icp.f.maxActivations"), maxAct, false),
    };
    if (lastKnown && fromLastKnown) body.origin = lastKnown;
    setErrors(errs);
    setFormText(null);
    if (Object.keys(errs).length) return;
    try {
      await onCompute(body);
    } catch (err) {
      const field = err instanceof ApiError ? formField(err.field) : null;
      if (err instanceof ApiError && field) setErrors({ [field]: { error: err } });
      else if (err instanceof ApiError) setErrors({ form: { error: err } });
      else setFormText(errorText(err, t));
    }
  }

  const invalid = (f: Field) => (errors[f] ? true : undefined);
  return (
    <form className="icp-form" data-testid="intercept-form" onSubmit={submit} noValidate>
      {lastKnown && (
        <label className="icp-check">
          <span>
            <input
              type="checkbox"
              name="fromLastKnown"
              checked={fromLastKnown}
              onChange={(e) => {
                setFromLastKnown(e.target.checked);
                setMinutes(String(minutesSince(incident, plan, e.target.checked)));
              }}
            />{" "}
            {t("icp.f.fromLastKnown", { lat: lastKnown.lat.toFixed(5), lon: lastKnown.lon.toFixed(5) })}
          </span>
          <FieldErrorText field="origin" error={errors.origin} />
        </label>
      )}
      <div className="icp-grid">
        <label>
          {t("icp.f.minutes")}
          <span className="icp-with-button">
            <input
              name="minutesSinceFlight"
              inputMode="decimal"
              value={minutes}
              aria-invalid={invalid("minutesSinceFlight")}
              onChange={(e) => setMinutes(e.target.value)}
            />
            <button
              type="button"
              className="small"
              title={t("icp.f.nowHint")}
              onClick={() => setMinutes(String(minutesSince(incident, plan, fromPlan)))}
            >
              {t("icp.f.now")}
            </button>
          </span>
          <FieldErrorText field="minutesSinceFlight" error={errors.minutesSinceFlight} />
        </label>
        <label>
          {t("icp.f.horizon")}
          <input
            name="horizonMinutes"
            inputMode="decimal"
            value={horizon}
            aria-invalid={invalid("horizonMinutes")}
            onChange={(e) => setHorizon(e.target.value)}
          />
          <FieldErrorText field="horizonMinutes" error={errors.horizonMinutes} />
        </label>
        <label>
          {t("icp.f.scope")}
          <select name="scope" value={scope} aria-invalid={invalid("scope")} onChange={(e) => changeScope(e.target.value as PlanScope)}>
            <option value="city">{t("icp.scope.city")}</option>
            <option value="ring">{t("icp.scope.ring")}</option>
          </select>
          <FieldErrorText field="scope" error={errors.scope} />
        </label>
        <label>
          {t("icp.f.mode")}
          <select
            name="travelMode"
            value={mode}
            aria-invalid={invalid("travelMode")}
            onChange={(e) => setMode(e.target.value as TravelMode)}
          >
            <option value="car">{t("icp.mode.car")}</option>
            <option value="motorcycle">{t("icp.mode.motorcycle")}</option>
            <option value="truck">{t("icp.mode.truck")}</option>
          </select>
          <FieldErrorText field="travelMode" error={errors.travelMode} />
        </label>
        <label>
          {t("icp.f.speed")}
          <input
            name="speedFactor"
            inputMode="decimal"
            value={speed}
            placeholder={String(MODE_SPEED[mode])}
            aria-invalid={invalid("speedFactor")}
            onChange={(e) => setSpeed(e.target.value)}
          />
          <FieldErrorText field="speedFactor" error={errors.speedFactor} />
        </label>
        <label>
          {t("icp.f.maxActivations")}
          <input
            name="maxActivations"
            inputMode="numeric"
            value={maxAct}
            aria-invalid={invalid("maxActivations")}
            onChange={(e) => setMaxAct(e.target.value)}
          />
          <FieldErrorText field="maxActivations" error={errors.maxActivations} />
        </label>
        <label>
          {t("icp.f.routes")}
          <input
            name="routes"
            inputMode="numeric"
            value={routes}
            aria-invalid={invalid("routes")}
            onChange={(e) => setRoutes(e.target.value)}
          />
          <FieldErrorText field="routes" error={errors.routes} />
        </label>
      </div>
      <button type="submit" className="primary big" disabled={busy} aria-busy={busy} data-testid="intercept-compute" data-busy={busy}>
        {busy ? t("icp.computing") : t("icp.compute")}
      </button>
      {(errors.form || formText) && (
        <div className="note error" role="alert" data-testid="intercept-form-error">
          {errors.form ? <FieldErrorText field="form" error={errors.form} /> : formText}
        </div>
      )}
    </form>
  );
}

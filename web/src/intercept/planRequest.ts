/**
 * A plan request as the planner form sends it: the typed settings read into numbers, with a field
 * error for each one that is missing or not a number; and the field a server problem belongs to.
 */
import type { TFunction } from "i18next";
import type { FieldError } from "../platform/errors.tsx";
import type { PlanScope, TravelMode } from "./types.ts";

export interface PlanRequestBody {
  minutesSinceFlight: number;
  horizonMinutes?: number;
  scope: PlanScope;
  travelMode: TravelMode;
  speedFactor?: number;
  routes?: number;
  maxActivations?: number;
  reservePerStation?: number;
  minGain?: number;
  origin?: { lat: number; lon: number };
}

export interface ReachFrom {
  minutes: number | null;
  /** The last known position; null means the incident's location. */
  origin: { lat: number; lon: number } | null;
}

const FIELDS = [
  "minutesSinceFlight",
  "horizonMinutes",
  "scope",
  "travelMode",
  "speedFactor",
  "routes",
  "maxActivations",
  "reservePerStation",
  "minGain",
  "origin",
] as const;
export type PlanField = (typeof FIELDS)[number];
export type PlanErrors = Partial<Record<PlanField | "form", FieldError>>;

/** The form field a problem's `field` belongs to ("origin.lat" → origin); null for the form as a whole. */
export function formField(field: string | undefined): PlanField | null {
  const f = (field ?? "").replace(/^\//, "").split(/[./]/)[0];
  return (FIELDS as readonly string[]).includes(f) ? (f as PlanField) : null;
}

/** The settings as typed: numbers are text until the request is made. */
export interface PlanInputs {
  minutes: string;
  horizon: string;
  scope: PlanScope;
  mode: TravelMode;
  speed: string;
  routes: string;
  maxAct: string;
  /** Empty: the city-wide setting. */
  reserve: string;
  /** In percent, as a dispatcher says it; empty: the city-wide setting. */
  minGainPct: string;
}

/** The request the inputs make (without its origin), and what is wrong with them. */
export function planRequestOf(v: PlanInputs, t: TFunction): { body: PlanRequestBody; errors: Partial<Record<PlanField, FieldError>> } {
  const errors: Partial<Record<PlanField, FieldError>> = {};
  const num = (field: PlanField, label: string, value: string, required: boolean): number | undefined => {
    if (value.trim() === "") {
      if (required) errors[field] = { key: "val.required", params: { field: label } };
      return undefined;
    }
    const n = Number(value);
    if (!Number.isFinite(n)) errors[field] = { key: "icp.err.number", params: { field: label } };
    return n;
  };
  const body: PlanRequestBody = {
    minutesSinceFlight: num("minutesSinceFlight", t("icp.f.minutes"), v.minutes, true) ?? 0,
    horizonMinutes: num("horizonMinutes", t("icp.f.horizon"), v.horizon, false),
    scope: v.scope,
    travelMode: v.mode,
    speedFactor: num("speedFactor", t("icp.f.speed"), v.speed, false),
    routes: num("routes", t("icp.f.routes"), v.routes, false),
    maxActivations: num("maxActivations", t("icp.f.maxActivations"), v.maxAct, false),
    reservePerStation: num("reservePerStation", t("icp.f.reserve"), v.reserve, false),
  };
  const pctGain = num("minGain", t("icp.f.minGain"), v.minGainPct, false);
  if (pctGain !== undefined) body.minGain = pctGain / 100;
  return { body, errors };
}

/** The shapes the interception API returns, as far as the console reads them. */

export type TravelMode = "car" | "motorcycle" | "truck";
export type PlanScope = "city" | "ring";

/** Suspect speed factor each travel mode implies when none is given (mirrors the server). */
export const MODE_SPEED: Record<TravelMode, number> = { car: 1, motorcycle: 1.1, truck: 0.85 };
export const DEFAULT_HORIZON: Record<PlanScope, number> = { city: 30, ring: 180 };
export const DEFAULT_MAX_ACTIVATIONS = 8;
export const DEFAULT_ROUTES = 1000;

export interface PlanEstimate {
  estimate: number;
  low: number;
  high: number;
  intercepted: number;
  routes: number;
}

export interface PlanUnit {
  unitId: string;
  label: string;
  node: number | null;
  lat: number | null;
  lon: number | null;
  etaS: number | null;
  slackS: number | null;
  routeShare: number;
  reason: string | null;
}

/** How the org owning units the reader may not see stands to the reader (mirrors the server). */
export type UnitRelation = "superior" | "other_station" | "other_district" | "other_area";

/** Units outside the reader's area that the plan places: only their number, per owning org. */
export interface UnitCapacity {
  orgId: string;
  kind: string;
  nameZh: string;
  nameEn: string;
  relation: UnitRelation;
  units: number;
}

export interface PlanCheckpoint {
  checkpointId: string;
  name: string;
  node: number;
  lat: number;
  lon: number;
  state: "active" | "activate";
  readyInS: number;
  routeShare: number;
}

export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: [number, number][][][];
}

export interface LineFeature {
  type: "Feature";
  geometry: { type: "LineString"; coordinates: [number, number][] };
  properties: { route: number; endsAtMinutesSinceFlight: number };
}

export interface InterceptPlan {
  id: string;
  incidentId: string;
  /** The incident's plan number: the highest is the latest (two plans may share a timestamp). */
  seq: number;
  createdAt: string;
  trigger: "manual" | "sighting" | "checkpoint_report";
  params: {
    minutesSinceFlight: number;
    horizonMinutes: number;
    scope: PlanScope;
    travelMode: TravelMode;
    speedFactor: number;
    routes: number;
    maxActivations: number;
    origin: { lat: number; lon: number };
  };
  summary: { "zh-CN": string; en: string };
  origin: { lat: number; lon: number; snapMeters: number };
  minutesSinceFlight: number;
  horizonMinutes: number;
  speedFactor: number;
  probability: PlanEstimate;
  inSampleShare: number;
  optimality: { greedyCovered: number; covered: number; upperBound: number; certifiedRatio: number };
  /** The units the reader may see, in full. */
  units: PlanUnit[];
  /** The plan's other units, outside the reader's area: counts per owning org, no ids or positions. */
  capacity: UnitCapacity[];
  checkpoints: PlanCheckpoint[];
  warnings: { code: string; detail: string }[];
  isochrones: { minutesFromNow: number; minutesSinceFlight: number; polygon: MultiPolygon }[];
  escapeCone: { type: "FeatureCollection"; features: LineFeature[] };
  computeMs: { routes: number; units: number; optimise: number; evaluate: number; isochrones: number; total: number };
}

export interface PlanDispatchResult {
  planId: string;
  dispatched: string[];
  redirected: { unitId: string; callsign: string; destination: { lat: number; lon: number }; etaS: number | null }[];
  checkpointsActivated: string[];
  /** The plan's units of other areas, which the reader does not send. */
  outsideArea: UnitCapacity[];
}

export interface RingProps {
  layer: "ring";
  id: string;
  nameZh: string;
  nameEn: string;
  level: "standby" | "alert" | "event";
  checkpointCount: number;
}

export interface CheckpointProps {
  layer: "checkpoint";
  id: string;
  ringId: string | null;
  nameZh: string;
  nameEn: string;
  kind: "permanent" | "adhoc";
  active: boolean;
  staffing: number;
  activationMinutes: number;
}

export type LayerFeature =
  | { type: "Feature"; id: string; geometry: { type: "Polygon"; coordinates: [number, number][][] }; properties: RingProps }
  | { type: "Feature"; id: string; geometry: { type: "Point"; coordinates: [number, number] }; properties: CheckpointProps };

export interface InterceptLayer {
  type: "FeatureCollection";
  features: LayerFeature[];
}

/** A checkpoint as `GET /intercept/checkpoints` lists it. */
export interface Checkpoint {
  id: string;
  nameZh: string;
  nameEn: string;
  lat: number;
  lon: number;
  active: boolean;
}

export interface WatchOrder {
  id: string;
  incidentId: string;
  plate: string | null;
  vehicle: string | null;
  description: string;
  mode: "chosen" | "reachable";
  checkpointIds: string[];
  status: "active" | "lifted" | "expired";
  expiresAt: string;
  createdAt: string;
  closedAt: string | null;
  closeReason: string | null;
  version: number;
}

export interface WatchReportResult {
  report: { id: string; checkpointId: string; kind: "hit" | "pass_through"; at: string; stopped?: boolean; planId: string | null };
  plan: InterceptPlan | null;
  replanError: { code: string; detail: string } | null;
}

/** A sighting of the suspect as the incident's timeline records it (`intercept.sighting`). */
export interface Sighting {
  /** The timeline event's number: a stable key for the marker. */
  seq: number | null;
  lat: number;
  lon: number;
  /** When the suspect was seen (not when it was entered). */
  at: string;
  note: string | null;
}

/** What POST /incidents/:id/sightings answers: the plan made from the sighting. */
export interface SightingResult {
  plan: InterceptPlan;
}

export const SIGHTING_EVENT = "intercept.sighting";

/** The sightings among an incident's timeline events, oldest first. */
export function sightingsOf(events: { seq: number | null; type: string; at: string; data: Record<string, any> }[]): Sighting[] {
  return events.flatMap((e) =>
    e.type === SIGHTING_EVENT && Number.isFinite(e.data?.lat) && Number.isFinite(e.data?.lon)
      ? [{ seq: e.seq, lat: e.data.lat, lon: e.data.lon, at: e.data.at ?? e.at, note: e.data.note ?? null }]
      : [],
  );
}

/** Incident stream events after which a newer plan exists, or is being made. */
export const PLAN_EVENT = "intercept.plan_computed";
export const NEW_POSITION_EVENTS = [SIGHTING_EVENT, "intercept.checkpoint_hit", "intercept.checkpoint_pass_through"];

export const checkpointsOf = (layer: InterceptLayer | null) =>
  (layer?.features ?? []).flatMap((f) =>
    f.properties.layer === "checkpoint" ? [f as Extract<LayerFeature, { properties: CheckpointProps }>] : [],
  );
export const ringsOf = (layer: InterceptLayer | null) =>
  (layer?.features ?? []).flatMap((f) => (f.properties.layer === "ring" ? [f as Extract<LayerFeature, { properties: RingProps }>] : []));

/** A share (0–1) as a percentage with one decimal, the precision the estimate's interval supports. */
export const pct = (x: number) => (x * 100).toFixed(1);

/** How many units a list of capacity rows counts. */
export const capacityTotal = (rows: UnitCapacity[] | undefined) => (rows ?? []).reduce((n, c) => n + c.units, 0);

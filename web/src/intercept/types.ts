/**
 * The interception API's answers as the console reads them: the server's views (its schemas.ts),
 * under the names the console uses, and the few helpers built on them.
 */

import { DEFAULT_HORIZON_MINUTES, type PlanScope, TRAVEL_MODES, type TravelMode } from "../../../src/intercept/model.ts";
import type {
  CheckpointFeature,
  CheckpointView,
  DispatchPreviewView,
  InterceptLayerView,
  PlanDispatchView,
  PlanView,
  RingFeature,
  SightingView,
  UnitCapacityView,
  WatchOrderView,
  WatchReportView,
} from "../../../src/intercept/schemas.ts";

export type { PlanScope, TravelMode } from "../../../src/intercept/model.ts";
export { DEFAULT_MAX_ACTIVATIONS } from "../../../src/intercept/model.ts";

/** Suspect speed factor each travel mode implies when none is given. */
export const MODE_SPEED: Readonly<Record<TravelMode, number>> = TRAVEL_MODES;
export const DEFAULT_HORIZON: Readonly<Record<PlanScope, number>> = DEFAULT_HORIZON_MINUTES;
/**
 * Simulated routes when none are asked for. A copy: it must equal the planner's
 * `DEFAULT_ESCAPE_MODEL.routes`, which sits with the road-graph code the app does not bundle.
 */
export const DEFAULT_ROUTES = 1000;

/** Units outside the reader's area that the plan places: only their number, per owning org. */
export type UnitCapacity = UnitCapacityView;
/** A plan as the reader may see it: units outside the reader's area only as `capacity`. */
export type InterceptPlan = PlanView;
export type PlanDispatchResult = PlanDispatchView;
/** The confirmation screen's figures before one-click dispatch. */
export type DispatchPreview = DispatchPreviewView;

export type InterceptLayer = InterceptLayerView;

/** A checkpoint as `GET /intercept/checkpoints` lists it. */
export type Checkpoint = CheckpointView;
export type WatchOrder = WatchOrderView;
export type WatchReportResult = WatchReportView;
/** What POST /incidents/:id/sightings answers: the plan made from the sighting. */
export type SightingResult = SightingView;

/**
 * A sighting of the suspect as the incident's timeline records it (`intercept.sighting`). The
 * timeline's event data has no schema of its own, so this is read field by field from it.
 */
export interface Sighting {
  /** The timeline event's number: a stable key for the marker. */
  seq: number | null;
  lat: number;
  lon: number;
  /** When the suspect was seen (not when it was entered). */
  at: string;
  note: string | null;
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

/**
 * Incident stream events after which a newer plan exists, or is being made. Copies: they must
 * equal the event types the server's plan and watch-order code record, which have no constant.
 */
export const PLAN_EVENT = "intercept.plan_computed";
export const NEW_POSITION_EVENTS = [SIGHTING_EVENT, "intercept.checkpoint_hit", "intercept.checkpoint_pass_through"];

export const checkpointsOf = (layer: InterceptLayer | null) =>
  (layer?.features ?? []).flatMap((f) => (f.properties.layer === "checkpoint" ? [f as CheckpointFeature] : []));
export const ringsOf = (layer: InterceptLayer | null) =>
  (layer?.features ?? []).flatMap((f) => (f.properties.layer === "ring" ? [f as RingFeature] : []));

/** A share (0–1) as a percentage with one decimal, the precision the estimate's interval supports. */
export const pct = (x: number) => (x * 100).toFixed(1);

/** How many units a list of capacity rows counts. */
export const capacityTotal = (rows: UnitCapacity[] | undefined) => (rows ?? []).reduce((n, c) => n + c.units, 0);

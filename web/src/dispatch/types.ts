/** The dispatch module's views (units, assignments, recommendations, response targets), as far as the console reads them. */
import type { Named } from "../platform/types.ts";

export interface Unit {
  id: string;
  callsign: string;
  nameZh: string;
  nameEn: string;
  type: string;
  stationId: string;
  status: {
    code: string;
    baseType: "available" | "committed" | "unavailable";
    nameZh: string;
    nameEn: string;
    since: string;
    level: "ok" | "warn" | "alert";
  };
  incidentId: string | null;
  /** `staleAfterS`: the server's threshold for a stale position (AVL_STALE_AFTER_S). */
  position: { lat: number; lon: number; at: string; ageS: number; stale: boolean; staleAfterS?: number } | null;
  destination: { lat: number; lon: number } | null;
  orgPath: string;
  version: number;
}

export interface UnitStatusDef extends Named {
  code: string;
  baseType: "available" | "committed" | "unavailable";
}

export interface Assignment {
  id: string;
  incidentId: string;
  unitId: string;
  callsign: string;
  status: "dispatched" | "acknowledged" | "en_route" | "on_scene" | "cleared" | "cancelled";
  dispatchedAt: string;
  acknowledgedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  clearedAt: string | null;
  cancelledAt: string | null;
  etaS: number | null;
}

export interface RecommendedUnit {
  unitId: string;
  callsign: string;
  type: string;
  etaS: number;
  meters: number;
  avlAgeS: number | null;
  avlStale: boolean;
  reason: { zh: string; en: string };
}

export interface Recommendation {
  travelMethod: string;
  travelMethodLabel: { zh: string; en: string };
  requirements: {
    unitType: string;
    count: number;
    chosen: RecommendedUnit[];
    alternatives: RecommendedUnit[];
    missing: number;
    unfilledReason: { zh: string; en: string } | null;
  }[];
  unitIds: string[];
  warnings: { code: string; zh: string; en: string }[];
}

export interface TargetTier {
  stage: "dispatch" | "arrival";
  priority: string;
  areaType: string;
  minutes: number;
}

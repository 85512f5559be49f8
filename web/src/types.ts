/** The shapes the API returns, as far as the console reads them. */
export interface Named {
  nameZh: string;
  nameEn: string;
}

export interface Category extends Named {
  code: string;
  kind: string;
  kindZh: string;
  kindEn: string;
  defaultPriority: Priority;
  police: boolean;
}

export type Priority = "in_progress" | "urgent" | "routine";
export const PRIORITIES: Priority[] = ["in_progress", "urgent", "routine"];
export const CHANNELS = ["call_110", "call_122", "sms", "app", "alarm_device", "sensor", "hotline", "volunteer"] as const;

export interface Incident {
  id: string;
  number: string;
  channel: string;
  status: "new" | "dispatched" | "on_scene" | "cleared" | "closed" | "cancelled";
  category: { code: string; kind: string; nameZh: string; nameEn: string };
  priority: Priority;
  caller: { name: string | null; phone: string | null; masked: boolean } | null;
  location: {
    lat: number;
    lon: number;
    address: string | null;
    zoneId: string | null;
    stationId: string | null;
    districtId: string | null;
    areaType: string | null;
  };
  narrative: string | null;
  disposition: { code: string; nameZh: string; nameEn: string; note: string | null } | null;
  times: {
    receivedAt: string;
    createdAt: string;
    firstDispatchedAt: string | null;
    firstOnSceneAt: string | null;
    clearedAt: string | null;
    closedAt: string | null;
    cancelledAt: string | null;
  };
  orgPath: string;
  version: number;
}

export const OPEN_STATUSES = ["new", "dispatched", "on_scene", "cleared"];

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

export interface Org extends Named {
  id: string;
  parentId: string | null;
  kind: "city" | "district" | "station" | "zone" | "town" | "village";
  path: string;
  areaType: string | null;
  polygon: [number, number][][] | null;
  lat: number | null;
  lon: number | null;
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

export interface StreamEvent {
  seq: number | null;
  type: string;
  stream: string;
  streamId: string;
  at: string;
  data: Record<string, any>;
}

export interface TimelineEvent extends StreamEvent {
  actorId: string | null;
}

export interface Address {
  id: string;
  text: string;
  lat: number;
  lon: number;
  zoneId: string | null;
}

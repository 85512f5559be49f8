/** Tables owned by the intercept module (圈层查控). Polygons and id lists are JSON text, parsed at the edge. */

export interface InterceptRingsTable {
  id: string;
  name_zh: string;
  name_en: string;
  /** standby | alert | event */
  level: string;
  /** GeoJSON Polygon coordinates. */
  polygon: string;
  org_path: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface InterceptCheckpointsTable {
  id: string;
  ring_id: string | null;
  name_zh: string;
  name_en: string;
  /** permanent (公安检查站) | adhoc (卡点) */
  kind: string;
  /** The position on the road (snapped). */
  lat: number;
  lon: number;
  snap_m: number;
  staffing: number;
  activation_minutes: number;
  active: number;
  activated_at: string | null;
  org_path: string;
  created_at: string;
  version: number;
}

export interface WatchOrdersTable {
  id: string;
  incident_id: string;
  plate: string | null;
  vehicle: string | null;
  description: string;
  /** chosen | reachable */
  mode: string;
  /** JSON array of checkpoint ids the order was pushed to. */
  checkpoint_ids: string;
  /** active | lifted | expired */
  status: string;
  expires_at: string;
  created_at: string;
  created_by: string;
  closed_at: string | null;
  closed_by: string | null;
  close_reason: string | null;
  org_path: string;
  version: number;
}

export interface WatchOrderReportsTable {
  id: string;
  order_id: string;
  incident_id: string;
  checkpoint_id: string;
  /** hit | pass_through */
  kind: string;
  at: string;
  reported_by: string;
  note: string | null;
  plan_id: string | null;
}

export interface InterceptPlansTable {
  id: string;
  incident_id: string;
  /** 1, 2, 3 … per incident: which plan is the latest, even when two share a timestamp. */
  seq: number;
  created_at: string;
  created_by: string | null;
  /** manual | sighting | checkpoint_report */
  trigger: string;
  params: string;
  result: string;
  probability: number;
  org_path: string;
}

/** The latest plan request per incident: across processes, only its result may be stored. */
export interface InterceptPlanRunsTable {
  incident_id: string;
  token: string;
  started_at: string;
}

export interface InterceptTables {
  intercept_plan_runs: InterceptPlanRunsTable;
  intercept_rings: InterceptRingsTable;
  intercept_checkpoints: InterceptCheckpointsTable;
  watch_orders: WatchOrdersTable;
  watch_order_reports: WatchOrderReportsTable;
  intercept_plans: InterceptPlansTable;
}

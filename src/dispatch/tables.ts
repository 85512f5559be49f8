export interface UnitStatusesTable {
  code: string;
  base_type: string;
  name_zh: string;
  name_en: string;
  warn_after_s: number | null;
  alert_after_s: number | null;
}

export interface UnitsTable {
  id: string;
  callsign: string;
  name_zh: string;
  name_en: string;
  type: string;
  station_id: string;
  org_path: string;
  status: string;
  status_since: string;
  incident_id: string | null;
  lat: number | null;
  lon: number | null;
  avl_at: string | null;
  dest_lat: number | null;
  dest_lon: number | null;
  version: number;
}

export interface UnitMembersTable {
  unit_id: string;
  user_id: string;
}

export interface AssignmentsTable {
  id: string;
  incident_id: string;
  unit_id: string;
  status: string;
  /** Set while the assignment is active, null after: a unique index on it allows one per unit. */
  active_unit_id: string | null;
  dispatched_at: string;
  acknowledged_at: string | null;
  en_route_at: string | null;
  on_scene_at: string | null;
  cleared_at: string | null;
  cancelled_at: string | null;
  eta_s: number | null;
  travel_method: string;
  dispatched_by: string;
}

export interface ResponsePlansTable {
  id: string;
  category_code: string;
  priority: string;
  /** null: any area type. */
  area_type: string | null;
  requirements: string;
}

export interface ResponseTargetsTable {
  id: string;
  stage: string;
  priority: string;
  area_type: string;
  minutes: number;
}

export interface DispatchTables {
  unit_statuses: UnitStatusesTable;
  units: UnitsTable;
  unit_members: UnitMembersTable;
  assignments: AssignmentsTable;
  response_plans: ResponsePlansTable;
  response_targets: ResponseTargetsTable;
}

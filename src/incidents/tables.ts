export interface CategoriesTable {
  code: string;
  kind: string;
  name_zh: string;
  name_en: string;
  default_priority: string;
  police: number;
  active: number;
}

export interface IncidentsTable {
  id: string;
  number: string;
  channel: string;
  status: string;
  category_code: string;
  priority: string;
  caller_name: string | null;
  caller_phone: string | null;
  lat: number;
  lon: number;
  address: string | null;
  zone_id: string | null;
  station_id: string | null;
  district_id: string | null;
  area_type: string;
  org_path: string;
  valid: number | null;
  invalid_reason: string | null;
  police: number | null;
  duplicate_of: string | null;
  narrative: string | null;
  disposition: string | null;
  disposition_note: string | null;
  received_at: string;
  created_at: string;
  first_dispatched_at: string | null;
  first_on_scene_at: string | null;
  cleared_at: string | null;
  closed_at: string | null;
  cancelled_at: string | null;
  dispatch_overdue_at: string | null;
  arrival_overdue_at: string | null;
  created_by: string;
  version: number;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface IncidentTables {
  categories: CategoriesTable;
  incidents: IncidentsTable;
  counters: CountersTable;
}

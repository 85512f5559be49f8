/** Tables owned by the sites module. Times are ISO-8601 UTC text, JSON lives in text columns. */
export interface SitesTable {
  id: string;
  name: string;
  type: string;
  lat: number;
  lon: number;
  /** Standard address (标准地址). */
  address: string | null;
  zone_id: string | null;
  station_id: string | null;
  district_id: string | null;
  org_path: string;
  /** JSON Contact[]: property guards and grid workers. Personal data: masked in views. */
  contacts: string;
  /** Seconds the guard, then the grid worker, have to acknowledge before it escalates; null = default. */
  guard_ack_s: number | null;
  grid_worker_ack_s: number | null;
  mode: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SiteDevicesTable {
  id: string;
  site_id: string;
  type: string;
  name: string;
  /** Where inside the site (楼栋/单元/出入口). */
  location: string | null;
  lat: number | null;
  lon: number | null;
  heartbeat_s: number;
  dc09_account: string | null;
  dc09_key_hex: string | null;
  mode: string;
  /** normal | alarm | fault */
  state: string;
  state_since: string | null;
  last_seen_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Every signal received, with what became of it; also the link from incidents to sites and devices. */
export interface SiteSignalsTable {
  id: string;
  key: string;
  site_id: string;
  device_id: string | null;
  source: string;
  event_code: string;
  qualifier: string;
  meaning: string;
  at: string;
  received_at: string;
  /** incident | correlated | restore | task | test_mode | flapping | status | fault */
  outcome: string;
  incident_id: string | null;
  task_id: string | null;
  raw: string;
}

/** Alarms that go to the guard or grid worker first and escalate to police when not acknowledged. */
export interface SiteTasksTable {
  id: string;
  site_id: string;
  device_id: string | null;
  signal_id: string;
  kind: string;
  /** guard | grid_worker */
  assignee: string;
  /** open | acknowledged | escalated */
  status: string;
  category_code: string;
  priority: string;
  org_path: string;
  created_at: string;
  due_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  note: string | null;
  incident_id: string | null;
  version: number;
}

export interface SiteDeadLettersTable {
  id: string;
  at: string;
  source: string;
  topic: string;
  payload: string;
  reason: string;
}

/** The daily online-rate series: time-averaged over the sweeps of the day. */
export interface SiteOnlineDailyTable {
  day: string;
  group_kind: string;
  group_id: string;
  samples: number;
  device_sum: number;
  online_sum: number;
  updated_at: string;
}

/** One site's lease (lease.ts): which process handles the site's signals, and until when. */
export interface SiteLeasesTable {
  site_id: string;
  holder: string;
  until: string;
}

export interface SitesTables {
  sites: SitesTable;
  site_devices: SiteDevicesTable;
  site_signals: SiteSignalsTable;
  site_tasks: SiteTasksTable;
  site_dead_letters: SiteDeadLettersTable;
  site_online_daily: SiteOnlineDailyTable;
  site_leases: SiteLeasesTable;
}

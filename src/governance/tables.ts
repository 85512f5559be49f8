/** Tables owned by the governance module: work orders, routing, follow-ups, 12345 transfers and Open311. */

/** 工单: one non-police request handed to a town governance centre (镇街综合治理指挥中心). */
export interface WorkOrdersTable {
  id: string;
  number: string;
  /** The originating 110 incident; its timeline mirrors every change of this order. */
  incident_id: string;
  incident_org_path: string;
  station_id: string | null;
  town_id: string;
  /** The town's org path: the centre's dispatchers act within it. */
  org_path: string;
  category_code: string;
  /** The skill the order needs (city_management 城管, grid_worker 网格员, mediator 调解员 …). */
  skill: string;
  status: string;
  channel: string;
  summary: string | null;
  address: string | null;
  lat: number;
  lon: number;
  /** The worker it is assigned to; null while in the queue or when offered to a whole skill team. */
  assignee_id: string | null;
  /** Set when dispatched to a team: any on-duty worker with this skill in the town may take it. */
  team_skill: string | null;
  decline_count: number;
  last_decline_reason: string | null;
  escalated_incident_id: string | null;
  escalation_reason: string | null;
  reopen_count: number;
  /** Timers run from here: the arrival at the centre, or the last re-open. */
  clock_start_at: string;
  created_at: string;
  dispatched_at: string | null;
  taken_at: string | null;
  on_scene_at: string | null;
  handled_at: string | null;
  feedback_at: string | null;
  closed_at: string | null;
  followed_up_at: string | null;
  escalated_at: string | null;
  handled_note: string | null;
  feedback_note: string | null;
  photo_url: string | null;
  close_note: string | null;
  created_by: string;
  updated_at: string;
  version: number;
}

/** One warning or escalation per order, round (re-open count), stage and level: a repeat insert loses. */
export interface WorkOrderTimerMarksTable {
  work_order_id: string;
  round: number;
  stage: string;
  level: string;
  at: string;
}

/** Overrides of the default timers; category_code '' applies to every category. */
export interface GovernanceTimersTable {
  stage: string;
  category_code: string;
  seconds: number;
  warn_seconds: number;
}

/** Routing rules per category and area; the most specific match wins. */
export interface RoutingRulesTable {
  id: string;
  /** `complaint.noise`, `complaint.*` or `*`. */
  category_code: string;
  /** Org path prefix ('' = everywhere). */
  area_path: string;
  target: string;
  skill: string | null;
  note: string | null;
  updated_at: string;
}

/** Field staff of a town centre and their skills. */
export interface GovernanceWorkersTable {
  user_id: string;
  town_id: string;
  org_path: string;
  display_name: string;
  /** JSON array of skill codes. */
  skills: string;
  team: string | null;
  on_duty: number;
}

/** 12345 transfer: a government enquiry or complaint handed to the citizen hotline. */
export interface HotlineTransfersTable {
  id: string;
  incident_id: string;
  category_code: string;
  reason: string;
  org_path: string;
  status: string;
  transferred_by: string;
  at: string;
}

/** 回访: a call back to the citizen after an incident or a work order closed. */
export interface FollowUpsTable {
  id: string;
  subject_type: string;
  subject_id: string;
  /** Work orders get one follow-up per closing (round = re-open count). */
  round: number;
  incident_id: string;
  work_order_id: string | null;
  station_id: string | null;
  town_id: string | null;
  category_code: string;
  org_path: string;
  status: string;
  due_at: string;
  attempts: number;
  reached: number | null;
  satisfied: number | null;
  comment: string | null;
  recorded_by: string | null;
  recorded_at: string | null;
  created_at: string;
  /** The station commander's review of a dissatisfied call: what was done about it. */
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

export interface Open311ServicesTable {
  service_code: string;
  category_code: string;
  name_zh: string;
  name_en: string;
  description_zh: string | null;
  description_en: string | null;
  group_name: string | null;
  keywords: string | null;
  /** JSON array of Open311 attribute definitions. */
  attributes: string;
  active: number;
}

export interface Open311ApiKeysTable {
  key_hash: string;
  client_name: string;
  /** The account the client's requests are created as. */
  user_id: string;
  active: number;
  created_at: string;
}

export interface Open311RequestsTable {
  service_request_id: string;
  token: string;
  incident_id: string;
  work_order_id: string | null;
  transfer_id: string | null;
  route: string;
  service_code: string;
  description: string | null;
  address: string | null;
  lat: number;
  lon: number;
  media_url: string | null;
  email: string | null;
  account_id: string | null;
  device_id: string | null;
  attributes: string;
  client_name: string;
  requested_at: string;
}

export interface GovernanceCountersTable {
  name: string;
  value: number;
}

/** How far a background job has read the event log. */
export interface GovernanceCursorsTable {
  name: string;
  seq: number;
}

/** A photo a worker took on scene, kept in the database so every server process can serve it. */
export interface WorkOrderPhotosTable {
  id: string;
  work_order_id: string;
  content_type: string;
  bytes: Buffer;
  size: number;
  sha256: string;
  created_by: string;
  created_at: string;
}

export type GovernanceTables = {
  work_orders: WorkOrdersTable;
  work_order_photos: WorkOrderPhotosTable;
  work_order_timer_marks: WorkOrderTimerMarksTable;
  governance_timers: GovernanceTimersTable;
  routing_rules: RoutingRulesTable;
  governance_workers: GovernanceWorkersTable;
  hotline_transfers: HotlineTransfersTable;
  followups: FollowUpsTable;
  open311_services: Open311ServicesTable;
  open311_api_keys: Open311ApiKeysTable;
  open311_requests: Open311RequestsTable;
  governance_counters: GovernanceCountersTable;
  governance_cursors: GovernanceCursorsTable;
};

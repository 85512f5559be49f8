/**
 * The work-order views (工单) the town centre and the field worker read: the order with its timers,
 * the town staff, the towns and the skill names, as far as the console reads them.
 */

// The vocabulary is the server's own (a file with no imports, so it bundles as is): one list of
// states, so the console and the API can never disagree.
import { OPEN_WORK_ORDER_STATUSES, type TimerStage, type WorkOrderStatus } from "../../../../src/governance/model.ts";

export { OPEN_WORK_ORDER_STATUSES, type TimerStage, type WorkOrderStatus };

export type TimerState = "pending" | "warning" | "overdue" | "met" | "missed";

export interface WorkOrderTimer {
  stage: TimerStage;
  seconds: number;
  warnSeconds: number;
  deadline: string;
  doneAt: string | null;
  state: TimerState;
  remainingS: number | null;
}

export interface WorkOrder {
  id: string;
  number: string;
  status: WorkOrderStatus;
  statusName: { zh: string; en: string };
  allowed: readonly WorkOrderStatus[];
  incidentId: string;
  stationId: string | null;
  townId: string;
  categoryCode: string;
  category: { code: string; nameZh: string; nameEn: string };
  skill: string;
  channel: string;
  summary: string | null;
  location: { lat: number; lon: number; address: string | null };
  assigneeId: string | null;
  teamSkill: string | null;
  declines: { count: number; lastReason: string | null };
  escalation: { incidentId: string | null; reason: string | null; at: string | null };
  reopenCount: number;
  notes: { handled: string | null; feedback: string | null; close: string | null; photoUrl: string | null };
  times: {
    clockStartAt: string;
    createdAt: string;
    dispatchedAt: string | null;
    takenAt: string | null;
    onSceneAt: string | null;
    handledAt: string | null;
    feedbackAt: string | null;
    closedAt: string | null;
    followedUpAt: string | null;
    escalatedAt: string | null;
  };
  timers: WorkOrderTimer[];
  orgPath: string;
  version: number;
}

/** Town field staff, as `/work-orders/{id}/candidates` and `/governance/workers` list them. */
export interface FieldWorker {
  userId: string;
  displayName: string;
  townId: string;
  orgPath: string;
  skills: string[];
  team: string | null;
  onDuty: boolean;
}

export interface Town {
  id: string;
  code: string | null;
  nameZh: string;
  nameEn: string;
  parentId: string | null;
  path: string;
  /** Rings of [lon, lat], outer first. */
  polygon: [number, number][][] | null;
}

export interface SkillName {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface PhotoUpload {
  id: string;
  url: string;
  contentType: string;
  bytes: number;
  sha256: string;
}

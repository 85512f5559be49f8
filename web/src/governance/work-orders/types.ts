/**
 * The work-order views (工单) the town centre and the field worker read: the order with its timers,
 * the town staff, the towns and the skill names. They are the server's own contract types, so the
 * console cannot drift from what the API sends.
 */

// The vocabulary is the server's own (a file with no imports, so it bundles as is): one list of
// states, so the console and the API can never disagree.
import { OPEN_WORK_ORDER_STATUSES, type TimerStage, type TimerState, type WorkOrderStatus } from "../../../../src/governance/model.ts";
import type {
  EscalationView,
  PhotoView,
  SkillView,
  TimerView,
  TownView,
  WorkerView,
  WorkOrderEvent,
  WorkOrderView,
} from "../../../../src/governance/work-orders/schemas.ts";

export { OPEN_WORK_ORDER_STATUSES, type TimerStage, type TimerState, type WorkOrderStatus };

/** `GET /work-orders`, `GET /work-orders/{id}` and the answer of each step. */
export type WorkOrder = WorkOrderView;
export type WorkOrderTimer = TimerView;

/** `GET /work-orders/{id}/timeline`: the order's own events, oldest first. */
export type { WorkOrderEvent };

/** Town field staff, as `/work-orders/{id}/candidates` and `/governance/workers` list them. */
export type FieldWorker = WorkerView;

/** `GET /governance/towns`; the polygon's rings are of [lon, lat], outer first. */
export type Town = TownView;

/** `GET /governance/skills`. */
export type SkillName = SkillView;

/** The answer to `POST /work-orders/{id}/photos`. */
export type PhotoUpload = PhotoView;

/** The answer to `POST /work-orders/{id}/escalate`: the order and the police incident made for it. */
export type Escalation = EscalationView;

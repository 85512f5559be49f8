/**
 * Every work-order change is written twice in the same transaction: on the order's own stream
 * (the centre's view) and on the originating incident's stream, so police see the town's
 * progress and outcome on the 110 incident's timeline.
 */
import type { Actor } from "../../org/model.ts";
import type { NewEvent } from "../../platform/events.ts";
import type { WorkOrdersTable } from "../tables.ts";

export function workOrderEvents(
  r: Pick<WorkOrdersTable, "id" | "number" | "org_path" | "incident_id" | "incident_org_path" | "town_id">,
  actor: Actor | null,
  type: string,
  data: Record<string, unknown>,
  at: Date,
): NewEvent[] {
  const common = { type, actorId: actor?.userId ?? null, at: at.toISOString() };
  const payload = { workOrderId: r.id, number: r.number, townId: r.town_id, ...data };
  return [
    { ...common, stream: "workorder", streamId: r.id, orgPath: r.org_path, data: payload },
    { ...common, stream: "incident", streamId: r.incident_id, orgPath: r.incident_org_path, data: payload },
  ];
}

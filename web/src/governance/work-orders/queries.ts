/** The work-order reads (工单), each kept under its key in the query cache (data/query.ts). */
import { keys } from "../../data/keys.ts";
import { endpoint, get, useApi } from "../../data/query.ts";
import type { FieldWorker, SkillName, Town, WorkOrder, WorkOrderEvent } from "./types.ts";
import { fetchPhoto } from "./workorders.ts";

const at = (id: string) => `/work-orders/${encodeURIComponent(id)}`;

/** A list of orders; `query` is the list's query string (the town centre's open queue, a worker's own). */
export const workOrdersRead = (query: string) => get<WorkOrder[]>(keys.workOrders(query), `/work-orders?${query}`);
export const workOrderRead = (id: string) => get<WorkOrder>(keys.workOrder(id), at(id));
export const workOrderTimelineRead = (id: string) => get<WorkOrderEvent[]>(keys.workOrderTimeline(id), `${at(id)}/timeline`);
export const candidatesRead = (id: string, version: number) => get<FieldWorker[]>(keys.candidates(id, version), `${at(id)}/candidates`);

export const townsRead = () => get<Town[]>(keys.towns(), "/governance/towns");
export const workersRead = () => get<FieldWorker[]>(keys.workers(), "/governance/workers");

/** A stored photo's bytes (an <img src> cannot send the bearer token); a photo never changes. */
export const photoRead = (url: string) => endpoint(keys.photo(url), () => fetchPhoto(url));

const skillsRead = () => get<SkillName[]>(keys.skills(), "/governance/skills");
const NO_SKILLS: SkillName[] = [];

/** Skill names in both languages, read once per session (the server fixes them); none while unreadable. */
export function useSkills(): SkillName[] {
  return useApi(skillsRead(), { staleTime: Number.POSITIVE_INFINITY }).data ?? NO_SKILLS;
}

/**
 * The governance module's own problem codes. Each carries a readable English `detail` (and a
 * Chinese `detailZh`) until the shared message catalogue has templates for these codes.
 */
import { Problem } from "../platform/problem.ts";

const p = (status: number, code: string, params: Record<string, unknown>, en: string, zh: string, extra = {}) =>
  new Problem(status, code, params, { detail: en, detailZh: zh, ...extra });

export const govProblems = {
  notInvalid: (number: string) =>
    p(409, "not_invalid", { number }, `Incident ${number} is not labelled invalid`, `警情 ${number} 未标为无效报警`, { field: "valid" }),
  notFlagged: (id: string) =>
    p(409, "not_flagged", { id }, `Follow-up ${id} did not flag its incident for the commander`, `回访 ${id} 未提请所领导关注`, {
      field: "id",
    }),
  alreadyReviewed: (id: string) =>
    p(409, "already_reviewed", { id }, `The dissatisfied call ${id} has already been reviewed`, `不满意回访 ${id} 已处理过`, {
      field: "id",
    }),
  assigneeOutOfArea: (worker: string, town: string) =>
    p(
      422,
      "assignee_out_of_area",
      { worker, town },
      `Worker ${worker} does not belong to the area of town centre ${town}`,
      `处置人员 ${worker} 不属于 ${town} 镇街指挥中心的辖区`,
      { field: "assigneeId" },
    ),
  notAWorker: (user: string) =>
    p(422, "not_a_worker", { user }, `User ${user} is not registered as field staff`, `用户 ${user} 不是登记在册的处置人员`, {
      field: "assigneeId",
    }),
  workerLacksSkill: (worker: string, skill: string) =>
    p(422, "worker_lacks_skill", { worker, skill }, `Worker ${worker} lacks the skill ${skill}`, `处置人员 ${worker} 不具备技能 ${skill}`, {
      field: "assigneeId",
    }),
  alreadyTaken: (number: string, by: string | null) =>
    p(409, "already_taken", { number, by }, `Work order ${number} has already been taken`, `工单 ${number} 已被接单`, {
      field: "status",
      takenBy: by,
    }),
  notAssignee: (number: string) =>
    p(
      403,
      "not_assignee",
      { number },
      `Only the worker assigned to work order ${number} may do this`,
      `只有工单 ${number} 的承办人员可以执行此操作`,
    ),
  noTown: (lat: number, lon: number) =>
    p(
      422,
      "no_town_centre",
      { lat, lon },
      `No town governance centre covers (${lat}, ${lon}) and the address names no town: send townCode`,
      `坐标 (${lat}, ${lon}) 不在任何镇街指挥中心辖区内，地址中也没有镇街代码：请提供 townCode`,
      { field: "townCode" },
    ),
  notRoutable: (reason: string, reasonZh: string) => p(409, "not_routable", { reason, reasonZh }, reason, reasonZh, { field: "status" }),
  followUpDone: (id: string) =>
    p(409, "follow_up_done", { id }, `Follow-up ${id} has already been recorded`, `回访 ${id} 已经登记过结果`, { field: "status" }),
  duplicateTargetClosed: (number: string) =>
    p(
      409,
      "duplicate_target_closed",
      { number },
      `Incident ${number} is no longer open: a duplicate can only join an open incident`,
      `警情 ${number} 已结束，重复报警只能并入未结束的警情`,
      { field: "incidentId" },
    ),
};

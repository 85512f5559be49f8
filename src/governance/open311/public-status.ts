/**
 * `status_notes` of a request as the public reads it: one fixed sentence per state of the work
 * behind it, never the staff's own notes (a close note names the people met and what they said).
 */
import type { WorkOrderStatus } from "../model.ts";
import type { Locale } from "./schemas.ts";

const WORK_ORDER_NOTES: Record<WorkOrderStatus, { "zh-CN": string; en: string }> = {
  accepted: { "zh-CN": "已受理，等待派单", en: "Received; waiting to be assigned" },
  dispatched: { "zh-CN": "已派单，等待工作人员接单", en: "Assigned; waiting for a field worker to take it" },
  taken: { "zh-CN": "工作人员已接单", en: "Taken by a field worker" },
  on_scene: { "zh-CN": "工作人员已到场", en: "Staff are on site" },
  handled: { "zh-CN": "已处置", en: "Handled" },
  feedback: { "zh-CN": "已处置并答复", en: "Handled; the outcome has been reported" },
  closed: { "zh-CN": "已办结", en: "Resolved" },
  followed_up: { "zh-CN": "已办结", en: "Resolved" },
  reopened: { "zh-CN": "根据回访意见重新办理", en: "Re-opened after the follow-up call" },
  escalated: { "zh-CN": "已转公安机关处理", en: "Handed to the police" },
};

const OTHER_NOTES = {
  hotline: { "zh-CN": "已转 12345 政务服务热线办理", en: "Transferred to the 12345 government hotline" },
  police: { "zh-CN": "由公安机关处置", en: "Handled by the police" },
};

export function workOrderStatusNote(status: WorkOrderStatus, locale: Locale): string {
  return WORK_ORDER_NOTES[status][locale];
}

export function statusNote(route: keyof typeof OTHER_NOTES, locale: Locale): string {
  return OTHER_NOTES[route][locale];
}

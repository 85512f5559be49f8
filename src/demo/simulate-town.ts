/**
 * A work order's life at a simulated town centre (点单 → 派单 → 接单): the centre's dispatcher
 * dispatches it to a worker with the skill (or offers it to the team), the worker takes it, goes
 * on scene, handles it, tells the citizen and closes it, then the follow-up caller calls back.
 * The delays are set against the order's own timers, so the desk shows them running: most steps
 * come well inside, about one order in ten passes a warning time (sometimes the deadline), and
 * now and then a worker declines and the centre dispatches again.
 */
import type { TimerStage } from "../governance/model.ts";
import type { WorkOrderView } from "../governance/work-orders/schemas.ts";
import { listWorkers } from "../governance/work-orders/towns.ts";
import { declineWorkOrder, dispatchWorkOrder, getWorkOrder, stepWorkOrder, takeWorkOrder } from "../governance/work-orders/work-orders.ts";
import type { Actor } from "../org/model.ts";
import { attempt, LOST, pickOne, type Sim, waitBetween } from "./simulate-cast.ts";
import { followUpLife } from "./simulate-followups.ts";

export type OrderOutcome = "closed" | "let_go";

const HANDLED: Record<string, string[]> = {
  "complaint.noise": ["已上门劝导，施工方承诺按规定时段作业", "已与音响使用方沟通，音量已调低"],
  "complaint.obstruction": ["已劝离流动摊贩，道路恢复通行", "已责令店主清理占道物品"],
  "complaint.dispute": ["已组织双方调解，达成一致意见", "已联系物业共同协调，双方同意协商解决"],
  "help.lockout": ["已联系正规开锁服务，业主已进门", "已联系家属送来备用钥匙"],
  "help.lost_property": ["已登记遗失物品并联系失主", "物品已交还失主"],
};
const HANDLED_OTHER = ["已到场处置完毕", "已协调相关部门处理"];
const DECLINE = ["不在附近，请改派", "手头工单较多，请改派他人"];

/**
 * Waits until a stage is due by this order's timer: inside the warning time normally, or, for a
 * late order, past it (between the warning time and a little after the deadline). At least a
 * few seconds either way, since a step cannot come before the one it follows.
 */
async function untilStage(sim: Sim, view: WorkOrderView, stage: TimerStage, late: boolean): Promise<void> {
  const t = view.timers.find((x) => x.stage === stage);
  if (!t) return waitBetween(sim, 10_000, 30_000);
  const start = Date.parse(t.deadline) - t.seconds * 1000;
  const at = late
    ? t.warnSeconds + (t.seconds - t.warnSeconds) * (0.2 + sim.rand() * 1.2)
    : t.warnSeconds * (stage === "dispatch" ? 0.2 + sim.rand() * 0.5 : 0.3 + sim.rand() * 0.55);
  const ms = start + at * 1000 - sim.ctx.clock.now().getTime();
  return sim.wait(Math.max(5_000, ms));
}

/** From the centre's queue (accepted or re-opened) to closed, as the town's people would work it. */
export async function workOrderLife(sim: Sim, orderId: string): Promise<OrderOutcome> {
  const { ctx, cast } = sim;
  const first = await getWorkOrder(ctx, cast.dispatcher, orderId);
  const town = cast.towns.find((t) => t.town.id === first.townId);
  if (!town) return "let_go";
  const centre = town.dispatcher;
  const late: TimerStage | null = sim.rand() < sim.behaviour.lateShare ? (sim.rand() < 0.5 ? "dispatch" : "on_scene") : null;
  let declines = sim.rand() < sim.behaviour.declineShare ? 1 : 0;
  const declinedBy = new Set<string>();
  let worker: Actor | undefined;
  while (!worker) {
    const view = await getWorkOrder(ctx, centre, orderId);
    if (view.status !== "accepted" && view.status !== "reopened") return "let_go";
    // A declined order goes back to the queue without restarting its clock: dispatch it again soon.
    if (declinedBy.size > 0) await waitBetween(sim, 10_000, 30_000);
    else await untilStage(sim, view, "dispatch", late === "dispatch");
    // The centre's candidates list: on-duty staff of the town with the skill.
    const candidates = (await listWorkers(ctx, town.town.path, view.skill)).filter((w) => w.onDuty && cast.workers.has(w.userId));
    const fresh = candidates.filter((w) => !declinedBy.has(w.userId));
    const chosen = fresh.length > 0 ? pickOne(sim, fresh) : candidates.length > 0 ? pickOne(sim, candidates) : null;
    if (!chosen) return "let_go";
    const asTeam = sim.rand() < sim.behaviour.teamOfferShare;
    const sent = await attempt(() =>
      dispatchWorkOrder(ctx, centre, orderId, asTeam ? { teamSkill: view.skill } : { assigneeId: chosen.userId }),
    );
    if (sent === LOST) return "let_go";
    const phone = cast.workers.get(chosen.userId)!;
    await waitBetween(sim, 5_000, 20_000);
    if (!asTeam && declines > 0) {
      declines--;
      declinedBy.add(chosen.userId);
      if ((await attempt(() => declineWorkOrder(ctx, phone, orderId, pickOne(sim, DECLINE)))) === LOST) return "let_go";
      continue;
    }
    if ((await attempt(() => takeWorkOrder(ctx, phone, orderId))) === LOST) return "let_go";
    worker = phone;
  }
  const taken = await getWorkOrder(ctx, worker, orderId);
  await untilStage(sim, taken, "on_scene", late === "on_scene");
  if ((await attempt(() => stepWorkOrder(ctx, worker, orderId, "on_scene"))) === LOST) return "let_go";
  await waitBetween(sim, 40_000, 150_000);
  const note = pickOne(sim, HANDLED[first.categoryCode] ?? HANDLED_OTHER);
  if ((await attempt(() => stepWorkOrder(ctx, worker, orderId, "handled", { note }))) === LOST) return "let_go";
  await waitBetween(sim, 10_000, 40_000);
  const told = `已电话告知报事人处理结果：${note}`;
  if ((await attempt(() => stepWorkOrder(ctx, worker, orderId, "feedback", { note: told }))) === LOST) return "let_go";
  await waitBetween(sim, 10_000, 40_000);
  if ((await attempt(() => stepWorkOrder(ctx, worker, orderId, "closed", { note: "报事人认可，办结" }))) === LOST) return "let_go";
  return "closed";
}

/**
 * The whole town side of a diverted call: worked to closed, called back, and worked again if
 * the caller was dissatisfied.
 */
export async function townOrder(sim: Sim, orderId: string): Promise<OrderOutcome> {
  for (let round = 0; ; round++) {
    if ((await workOrderLife(sim, orderId)) !== "closed") return "let_go";
    // After a few rounds the call-back is left for the desk, which re-opens the order if need be.
    if (round >= 2) return "closed";
    if ((await followUpLife(sim, { workOrderId: orderId })) !== "reopened") return "closed";
  }
}

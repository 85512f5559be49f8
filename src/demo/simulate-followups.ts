/**
 * The simulated follow-up caller (回访员). A call-back falls due an hour after a case closes
 * (FOLLOW_UP.dueAfterS). Waiting that long would leave the follow-up desk and the satisfaction
 * figures empty for the first hour of a demo, so most calls are made early, a minute or two
 * after the close; their due time is left as it is. The others wait for their real due time and
 * sit in the desk's "due now" list for a while, for a person to answer, before the simulated
 * caller works through what is still there (followUpDesk).
 */
import { listFollowUps, recordFollowUp } from "../governance/followups/followups.ts";
import type { FollowUpView } from "../governance/followups/schemas.ts";
import { runGovernanceSweep } from "../governance/start.ts";
import { attempt, LOST, pickOne, type Sim, waitBetween } from "./simulate-cast.ts";

export type FollowUpResult = "satisfied" | "reopened" | "flagged" | "dissatisfied" | "unreachable" | "left_for_desk" | "let_go";

/** How long a due call waits for a person at the desk before the simulated caller makes it. */
export const DESK_GRACE_MS = 10 * 60_000;

const SATISFIED = ["处理及时，满意", "工作人员态度很好", "问题已经解决了，谢谢"];
const DISSATISFIED = ["问题没有彻底解决", "处理太慢了", "没人跟我联系结果"];

/** One call: reached or not, satisfied or not, as the seed's figures say (BEHAVIOUR in simulate-mix.ts). */
async function call(sim: Sim, id: string) {
  const reached = sim.rand() < sim.behaviour.reachedShare;
  const satisfied = reached ? sim.rand() < sim.behaviour.satisfiedShare : null;
  const comment = !reached ? "无人接听" : satisfied ? pickOne(sim, SATISFIED) : pickOne(sim, DISSATISFIED);
  return attempt(() => recordFollowUp(sim.ctx, sim.cast.followUp!, id, { reached, satisfied, comment }));
}

async function pendingFor(sim: Sim, subject: { incidentId?: string; workOrderId?: string }): Promise<FollowUpView | undefined> {
  const find = async () => {
    const list = await listFollowUps(sim.ctx, sim.cast.followUp!, {
      status: "pending",
      subjectType: subject.workOrderId ? "work_order" : "incident",
      limit: 1000,
    });
    return list.find((f) => f.subjectId === (subject.workOrderId ?? subject.incidentId));
  };
  const found = await find();
  if (found || !subject.incidentId) return found;
  // A police incident's call is scheduled by the governance sweep, which reads the close event.
  await runGovernanceSweep(sim.ctx);
  return find();
}

/**
 * The call-back about one closed case: made early, or left for the desk. Not reached → tried
 * again a little later, until reached or unreachable; dissatisfied → the service re-opens the
 * work order or flags the police incident for the station commander.
 */
export async function followUpLife(sim: Sim, subject: { incidentId?: string; workOrderId?: string }): Promise<FollowUpResult> {
  if (!sim.cast.followUp || sim.rand() >= sim.behaviour.earlyFollowUpShare) return "left_for_desk";
  for (;;) {
    await waitBetween(sim, 60_000, 180_000);
    const f = await pendingFor(sim, subject);
    if (!f) return "let_go";
    const r = await call(sim, f.id);
    if (r === LOST) return "let_go";
    if (r.reopenedWorkOrder) return "reopened";
    if (r.flaggedForCommander) return "flagged";
    if (r.followUp.status === "unreachable") return "unreachable";
    if (r.followUp.status === "done") return r.followUp.outcome.satisfied ? "satisfied" : "dissatisfied";
  }
}

/**
 * One pass of the follow-up desk: the calls that have been due for `graceMs` and are still
 * pending are made. Returns the work orders a dissatisfied caller re-opened, for the town
 * centre to work again.
 */
export async function followUpDesk(sim: Sim, graceMs = DESK_GRACE_MS): Promise<{ recorded: number; reopened: string[] }> {
  if (!sim.cast.followUp) return { recorded: 0, reopened: [] };
  await runGovernanceSweep(sim.ctx);
  const dueBefore = new Date(sim.ctx.clock.now().getTime() - graceMs).toISOString();
  const due = await listFollowUps(sim.ctx, sim.cast.followUp, { status: "pending", dueBefore, limit: 50 });
  const reopened: string[] = [];
  let recorded = 0;
  for (const f of due) {
    const r = await call(sim, f.id);
    if (r === LOST) continue;
    recorded++;
    if (r.reopenedWorkOrder && f.workOrderId) reopened.push(f.workOrderId);
  }
  return { recorded, reopened };
}

/**
 * Response plans (run cards, 预案): category × priority (× area type) → the unit types and counts
 * to send. The most specific plan wins; a category without a plan gets one patrol car.
 */
import type { AppContext } from "../context.ts";
import type { Priority } from "../incidents/model.ts";
import type { AreaType } from "../org/model.ts";
import { newId } from "../platform/ids.ts";
import type { Requirement } from "./model.ts";
import type { PlanView } from "./schemas.ts";

export type ResponsePlan = PlanView;

/** A plan as written: the demo seeds it, and PUT /response-plans sends it already checked. */
export interface PlanInput {
  categoryCode: string;
  priority: string;
  areaType: string | null;
  requirements: Requirement[];
}

export const DEFAULT_REQUIREMENTS: Requirement[] = [{ unitType: "patrol_car", count: 1 }];

export async function listPlans(ctx: AppContext, categoryCode?: string): Promise<ResponsePlan[]> {
  const rows = await ctx.db
    .selectFrom("response_plans")
    .selectAll()
    .$if(categoryCode !== undefined, (q) => q.where("category_code", "=", categoryCode!))
    .orderBy("category_code")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    categoryCode: r.category_code,
    // Written only through upsertPlan, from a checked request or the demo's plans.
    priority: r.priority as Priority,
    areaType: r.area_type as AreaType | null,
    requirements: JSON.parse(r.requirements),
  }));
}

export async function upsertPlan(ctx: AppContext, p: PlanInput): Promise<void> {
  const existing = await ctx.db
    .selectFrom("response_plans")
    .select("id")
    .where("category_code", "=", p.categoryCode)
    .where("priority", "=", p.priority)
    .where((eb) => (p.areaType === null ? eb("area_type", "is", null) : eb("area_type", "=", p.areaType)))
    .executeTakeFirst();
  const values = {
    category_code: p.categoryCode,
    priority: p.priority,
    area_type: p.areaType,
    requirements: JSON.stringify(p.requirements),
  };
  if (existing) await ctx.db.updateTable("response_plans").set(values).where("id", "=", existing.id).execute();
  else
    await ctx.db
      .insertInto("response_plans")
      .values({ id: newId(), ...values })
      .execute();
}

export async function planFor(
  ctx: AppContext,
  categoryCode: string,
  priority: string,
  areaType: string,
): Promise<{ plan: ResponsePlan | null; requirements: Requirement[] }> {
  // Every recommendation asks: read only this category's plans, not the whole table.
  const plans = await listPlans(ctx, categoryCode);
  const plan =
    plans.find((p) => p.priority === priority && p.areaType === areaType) ??
    plans.find((p) => p.priority === priority && p.areaType === null) ??
    null;
  return { plan, requirements: plan?.requirements ?? DEFAULT_REQUIREMENTS };
}

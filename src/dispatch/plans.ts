/**
 * Response plans (run cards, 预案): category × priority (× area type) → the unit types and counts
 * to send, each line with the types that may stand in for its own (substitutes). The most
 * specific plan wins; a category without a plan gets one patrol car.
 */
import type { AppContext } from "../context.ts";
import type { Priority } from "../incidents/model.ts";
import type { AreaType } from "../org/model.ts";
import { newId } from "../platform/ids.ts";
import { problems } from "../platform/problem.ts";
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

/**
 * A plan's lines beyond what the schema checks: a substitute is another type than its line's
 * own, and named once. The schema has refused unknown unit types already.
 */
export function checkRequirements(requirements: readonly Requirement[]): void {
  requirements.forEach((req, i) => {
    const seen = new Set<string>();
    (req.substitutes ?? []).forEach((sub, j) => {
      const field = `requirements.${i}.substitutes.${j}`;
      if (sub === req.unitType) {
        throw problems.validation(field, "a line cannot be its own substitute", "替代警种不能与本行警种相同");
      }
      if (seen.has(sub)) throw problems.validation(field, "a substitute is named twice", "同一替代警种重复列出");
      seen.add(sub);
    });
  });
}

/** Writes the plan (checked first: a refused plan stores nothing). */
export async function upsertPlan(ctx: AppContext, p: PlanInput): Promise<void> {
  checkRequirements(p.requirements);
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

/** Reference data every deployment needs (not only the demo): categories, unit statuses, targets. */
import type { AppContext } from "../context.ts";
import { listTargets, seedTargets } from "../dispatch/response-targets.ts";
import { seedUnitStatuses } from "../dispatch/units.ts";
import { SEED_CATEGORIES } from "../incidents/categories.ts";
import { seedCategories } from "../incidents/service.ts";

export async function seedReference(ctx: AppContext): Promise<void> {
  await seedCategories(ctx, SEED_CATEGORIES);
  await seedUnitStatuses(ctx);
  if ((await listTargets(ctx)).length === 0) await seedTargets(ctx);
}

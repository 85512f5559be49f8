/**
 * `lantern serve --simulate`: a living city for newcomers. Calls arrive every few seconds at
 * random places; the city dispatcher sends the recommended plan; units drive towards the scene
 * (AVL reports along the way), arrive, clear, and the incident closes with a disposition. Every
 * step goes through the same services as a person's click would.
 */
import type { AppContext } from "../context.ts";
import { advanceAssignment, dispatchUnits } from "../dispatch/assignments.ts";
import { reportPosition } from "../dispatch/units.ts";
import { SEED_CATEGORIES } from "../incidents/categories.ts";
import { closeIncident, createIncident } from "../incidents/service.ts";
import { actorFor } from "../org/service.ts";
import { DEMO_BBOX, prng } from "./city.ts";

const STREETS = ["延安路", "解放路", "庆春路", "中河中路", "凤起路", "体育场路", "西湖大道", "南山路", "文三路", "莫干山路"];

export function startSimulator(ctx: AppContext, opts: { everyMs?: number; seed?: number } = {}): () => void {
  const rand = prng(opts.seed ?? Date.now());
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => Promise<void>) => {
    const t = setTimeout(async () => {
      timers.delete(t);
      try {
        await fn();
      } catch {
        // A simulated step can lose a race with a person (a unit taken by hand): skip it.
      }
    }, ms);
    timers.add(t);
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

  const oneCall = async () => {
    const dispatcherRow = await ctx.db.selectFrom("users").select("id").where("username", "=", "dispatcher").executeTakeFirst();
    if (!dispatcherRow) return;
    const actor = await actorFor(ctx, dispatcherRow.id);
    const cat = pick(SEED_CATEGORIES.filter((c) => c.police));
    const lat = DEMO_BBOX.minLat + 0.01 + rand() * (DEMO_BBOX.maxLat - DEMO_BBOX.minLat - 0.02);
    const lon = DEMO_BBOX.minLon + 0.01 + rand() * (DEMO_BBOX.maxLon - DEMO_BBOX.minLon - 0.02);
    const { incident } = await createIncident(ctx, actor, {
      channel: rand() < 0.85 ? "call_110" : "app",
      categoryCode: cat.code,
      caller: { name: "模拟来电", phone: `139${String(Math.floor(rand() * 1e8)).padStart(8, "0")}` },
      location: { lat, lon, address: `${pick(STREETS)}${1 + Math.floor(rand() * 300)}号` },
      narrative: `[模拟] ${cat.nameZh}`,
      receivedAt: new Date(ctx.clock.now().getTime() - (20 + rand() * 40) * 1000).toISOString(),
    });
    later(5_000 + rand() * 20_000, async () => {
      const { assignments } = await dispatchUnits(ctx, actor, incident.id);
      for (const a of assignments) driveUnit(a.unitId, incident.id, incident.location);
    });
    const driveUnit = (unitId: string, incidentId: string, to: { lat: number; lon: number }) => {
      later(3_000 + rand() * 5_000, async () => {
        await advanceAssignment(ctx, actor, incidentId, unitId, "acknowledged");
        await advanceAssignment(ctx, actor, incidentId, unitId, "en_route");
        const u = await ctx.db.selectFrom("units").select(["lat", "lon"]).where("id", "=", unitId).executeTakeFirstOrThrow();
        const from = { lat: u.lat ?? to.lat, lon: u.lon ?? to.lon };
        // Drive along the road route when there is one, so the live map shows units on streets.
        const path = ctx.travel.route(from, to)?.coordinates ?? [
          [from.lon, from.lat],
          [to.lon, to.lat],
        ];
        const steps = 10;
        for (let i = 1; i <= steps; i++) {
          later(i * 3_000, async () => {
            const [lon, lat] = path[Math.min(path.length - 1, Math.round((i / steps) * (path.length - 1)))];
            await reportPosition(ctx, actor, unitId, { lat, lon });
            if (i === steps) {
              await advanceAssignment(ctx, actor, incidentId, unitId, "on_scene");
              later(20_000 + rand() * 40_000, async () => {
                await advanceAssignment(ctx, actor, incidentId, unitId, "cleared");
                later(2_000, async () => {
                  await closeIncident(ctx, actor, incidentId, pick(["resolved_on_scene", "mediated", "case_filed", "no_finding"]));
                });
              });
            }
          });
        }
      });
    };
  };

  const every = opts.everyMs ?? 15_000;
  const loop = setInterval(() => void oneCall().catch(() => {}), every);
  void oneCall().catch(() => {});
  return () => {
    clearInterval(loop);
    for (const t of timers) clearTimeout(t);
  };
}

/**
 * A unit's position ages on the server's clock and turns stale at the deployment's threshold;
 * the unit view carries that threshold, so every console ages positions the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Lantern, ManualClock, startLantern } from "./harness.ts";

describe("AVL staleness", () => {
  const clock = new ManualClock(Date.parse("2026-11-03T08:00:00.000Z"));
  let l: Lantern;
  let token: string;

  beforeAll(async () => {
    l = await startLantern("sqlite", { clock });
    token = await l.login("dispatcher");
  });
  afterAll(() => l?.close());

  it("turns a position stale after AVL_STALE_AFTER_S, and says which threshold it used", async () => {
    const api = l.api(token);
    const reported = await api("POST", "/api/v1/units/kaixuan-p1/position", { lat: 30.256, lon: 120.168, at: clock.now().toISOString() });
    expect(reported.status).toBe(202);
    const fresh = await api("GET", "/api/v1/units/kaixuan-p1");
    expect(fresh.body.position).toMatchObject({
      lat: 30.256,
      lon: 120.168,
      ageS: 0,
      stale: false,
      staleAfterS: l.ctx.config.avlStaleAfterS,
    });
    clock.advance(l.ctx.config.avlStaleAfterS);
    expect((await api("GET", "/api/v1/units/kaixuan-p1")).body.position).toMatchObject({ stale: false });
    clock.advance(1);
    const old = await api("GET", "/api/v1/units/kaixuan-p1");
    expect(old.body.position).toMatchObject({ ageS: l.ctx.config.avlStaleAfterS + 1, stale: true });
  });
});

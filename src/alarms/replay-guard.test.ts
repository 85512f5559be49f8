import { describe, expect, it } from "vitest";
import { ReplayGuard } from "./replay-guard.ts";

describe("ReplayGuard", () => {
  it("remembers a key for its window and forgets it after", () => {
    const g = new ReplayGuard(1000);
    g.remember("a", 0);
    expect(g.has("a", 999)).toBe(true);
    expect(g.has("a", 1000)).toBe(false);
    expect(g.has("b", 10)).toBe(false);
  });

  it("sweeps expired keys as new ones arrive and caps its size", () => {
    const g = new ReplayGuard(100, 3);
    for (let i = 0; i < 5; i++) g.remember(`k${i}`, i);
    expect(g.size).toBe(3);
    expect(g.has("k0", 5)).toBe(false);
    expect(g.has("k4", 5)).toBe(true);
    g.remember("late", 1000);
    expect(g.size).toBe(1);
  });

  it("re-remembering a key extends it", () => {
    const g = new ReplayGuard(100);
    g.remember("a", 0);
    g.remember("a", 90);
    expect(g.has("a", 150)).toBe(true);
  });
});

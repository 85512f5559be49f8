/** The dashboard's unit-status donut gives every status its own colour, within its base state's hue. */
import { describe, expect, it } from "vitest";
import { lighten, statusSlices } from "../../web/src/analytics/statusSlices.ts";

describe("unit-status slices", () => {
  it("shades statuses that share a base, and keeps the base colour for the first", () => {
    const byStatus = new Map([
      ["空闲", { n: 20, base: "available" as const }],
      ["已派警", { n: 5, base: "committed" as const }],
      ["到场", { n: 3, base: "committed" as const }],
    ]);
    const slices = statusSlices(byStatus, { available: "#2f9e44", committed: "#e8590c" });
    expect(slices.map((s) => s.itemStyle.color)).toEqual(["#2f9e44", "#e8590c", lighten("#e8590c", 0.25)]);
    expect(new Set(slices.map((s) => s.itemStyle.color)).size).toBe(3);
    expect(slices.map((s) => s.value)).toEqual([20, 5, 3]);
  });

  it("mixes with white", () => {
    expect(lighten("#000000", 0)).toBe("#000000");
    expect(lighten("#000000", 1)).toBe("#ffffff");
    expect(lighten("#204060", 0.5)).toBe("#90a0b0");
  });
});

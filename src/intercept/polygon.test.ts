import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundariesIntersect, crossings, type Position, pointInRing, polygonProblem, segmentsIntersect } from "./polygon.ts";

const close = (pts: Position[]): Position[][] => [[...pts, pts[0]]];

/** A star-shaped polygon around a centre: vertices at increasing angles never cross. */
const starPolygon = fc
  .array(fc.tuple(fc.double({ min: 0.2, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
    minLength: 3,
    maxLength: 30,
  })
  .map((raw) => {
    const angles = raw.map(([, a]) => a).sort((x, y) => x - y);
    return raw.map(([r], i): Position => {
      const a = (2 * Math.PI * (i + angles[i] * 0.9)) / raw.length;
      return [120 + r * 0.05 * Math.cos(a), 30 + r * 0.05 * Math.sin(a)];
    });
  });

describe("ring polygon validation", () => {
  it("accepts every simple star-shaped polygon", () => {
    fc.assert(
      fc.property(starPolygon, (pts) => {
        expect(polygonProblem(close(pts))).toBeNull();
      }),
    );
  });

  it("never throws on arbitrary input and rejects anything that is not a polygon", () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const why = polygonProblem(x);
        expect(why === null || typeof why === "string").toBe(true);
      }),
    );
    for (const bad of [null, 1, "x", [], [[]], [[[0, 0]]], {}]) expect(polygonProblem(bad)).not.toBeNull();
  });

  it("names what is wrong", () => {
    expect(
      polygonProblem([
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ]),
    ).toMatch(/not closed/);
    expect(
      polygonProblem([
        [
          [0, 0],
          [1, 0],
          [0, 0],
        ],
      ]),
    ).toMatch(/at least 4/);
    expect(
      polygonProblem(
        close([
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toMatch(/intersects itself/);
    expect(
      polygonProblem(
        close([
          [0, 0],
          [1, 0],
          [2, 0],
        ]),
      ),
    ).toMatch(/no area|fold back/);
    expect(
      polygonProblem(
        close([
          [0, 0],
          [200, 0],
          [0, 1],
        ]),
      ),
    ).toMatch(/out of range/);
    expect(
      polygonProblem([
        ...close([
          [0, 0],
          [1, 0],
          [0, 1],
        ]),
        [
          [0, 0],
          [0.1, 0],
          [0, 0.1],
          [0, 0],
        ],
      ]),
    ).toMatch(/holes/);
  });

  it("detects a self-crossing anywhere in an otherwise simple polygon", () => {
    fc.assert(
      fc.property(starPolygon, fc.nat(), (pts, k) => {
        if (pts.length < 4) return;
        // Swapping two non-adjacent vertices of a convex-ish star makes two edges cross.
        const i = k % pts.length;
        const j = (i + 2) % pts.length;
        const swapped = pts.slice();
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        const why = polygonProblem(close(swapped));
        // Independent check: some pair of non-adjacent edges intersects.
        const ring = close(swapped)[0];
        const m = ring.length - 1;
        let crossing = false;
        for (let a = 0; a < m; a++)
          for (let b = a + 2; b < m; b++) {
            if (a === 0 && b === m - 1) continue;
            if (segmentsIntersect(ring[a], ring[a + 1], ring[b], ring[b + 1])) crossing = true;
          }
        if (crossing) expect(why).not.toBeNull();
      }),
    );
  });

  it("tells nested rings from crossing ones", () => {
    const outer = close([
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ])[0];
    const inner = close([
      [2, 2],
      [8, 2],
      [8, 8],
      [2, 8],
    ])[0];
    const crossing = close([
      [5, 5],
      [15, 5],
      [15, 15],
      [5, 15],
    ])[0];
    expect(boundariesIntersect(outer, inner)).toBe(false);
    expect(boundariesIntersect(outer, crossing)).toBe(true);
    expect(pointInRing(outer, 5, 5)).toBe(true);
    expect(pointInRing(inner, 9, 9)).toBe(false);
    expect(crossings(outer, [5, 5], [20, 5])).toEqual([1 / 3]);
  });
});

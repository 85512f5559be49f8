import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { contract } from "./ch.ts";
import { HierarchyRouter } from "./ch-query.ts";
import { decodeGraphFile, encodeGraphFile, GraphFileError, readGraphFile, writeGraphFile } from "./graph-file.ts";
import { graphFromSpec, randomGraphSpec } from "./test-graphs.ts";

const dir = mkdtempSync(join(tmpdir(), "lgr-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sample() {
  const graph = graphFromSpec({
    nodes: 6,
    edges: [
      [0, 1, 100, false],
      [1, 2, 200, true],
      [2, 3, 50, false],
      [3, 4, 70, false],
      [4, 0, 300, true],
      [5, 0, 10, false],
    ],
  });
  graph.geomFirst = Uint32Array.from({ length: graph.edgeCount + 1 }, (_, i) => i);
  graph.geomLat = Float64Array.from({ length: graph.edgeCount }, (_, i) => 30 + i / 1000);
  graph.geomLon = Float64Array.from({ length: graph.edgeCount }, (_, i) => 120 + i / 1000);
  return { graph, ch: contract(graph), metadata: { source: "test", createdAt: "2026-01-01T00:00:00Z" } };
}

describe(".lgr graph file", () => {
  it("round-trips graph, geometry, hierarchy and metadata", () => {
    const file = sample();
    const path = join(dir, "a.lgr");
    writeGraphFile(path, file);
    const back = readGraphFile(path);
    for (const key of ["nodeIds", "lat", "lon", "firstOut", "target", "weight", "length", "geomFirst", "geomLat", "geomLon"] as const) {
      expect([...back.graph[key]]).toEqual([...file.graph[key]]);
    }
    expect([...back.graph.inEdge]).toEqual([...file.graph.inEdge]);
    expect(back.ch && [...back.ch.upTarget]).toEqual([...file.ch.upTarget]);
    expect(back.ch && [...back.ch.downMiddle]).toEqual([...file.ch.downMiddle]);
    expect(back.metadata.source).toBe("test");
    // The loaded hierarchy answers queries.
    const router = new HierarchyRouter(back.ch as NonNullable<typeof back.ch>);
    expect(router.query([0], null, [3], null)?.ms).toBe(350);
  });

  it("round-trips random graphs", () => {
    fc.assert(
      fc.property(randomGraphSpec(20), (spec) => {
        const graph = graphFromSpec(spec);
        const ch = contract(graph);
        const back = decodeGraphFile(encodeGraphFile({ graph, ch, metadata: { source: "x", createdAt: "" } }));
        expect([...back.graph.weight]).toEqual([...graph.weight]);
        expect([...(back.ch?.upWeight ?? [])]).toEqual([...ch.upWeight]);
      }),
      { numRuns: 30 },
    );
  });

  it("rejects empty, truncated, foreign and corrupt files with a clear error", () => {
    const bytes = encodeGraphFile(sample());
    expect(() => decodeGraphFile(new Uint8Array(0), "e.lgr")).toThrow(/e\.lgr: file is empty/);
    expect(() => decodeGraphFile(bytes.subarray(0, 40), "t.lgr")).toThrow(/truncated/);
    expect(() => decodeGraphFile(bytes.subarray(0, bytes.length - 16), "t.lgr")).toThrow(/truncated|size mismatch/);
    expect(() => decodeGraphFile(new TextEncoder().encode("x".repeat(200)), "f.lgr")).toThrow(/not a Lantern graph file/);
    const future = bytes.slice();
    future[8] = 99;
    expect(() => decodeGraphFile(future, "v.lgr")).toThrow(/unsupported format version 99/);
    const flipped = bytes.slice();
    flipped[flipped.length - 30] ^= 0x40;
    expect(() => decodeGraphFile(flipped, "c.lgr")).toThrow(/checksum mismatch/);
    const path = join(dir, "missing.lgr");
    expect(() => readGraphFile(path)).toThrow(GraphFileError);
  });

  it("rejects every single-byte corruption after the header", () => {
    const bytes = encodeGraphFile(sample());
    fc.assert(
      fc.property(fc.integer({ min: 64, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bad = bytes.slice();
        bad[at] ^= x;
        expect(() => decodeGraphFile(bad)).toThrow(GraphFileError);
      }),
      { numRuns: 200 },
    );
  });

  it("never crashes on a damaged header: it throws GraphFileError or loads a consistent graph", () => {
    const bytes = encodeGraphFile(sample());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bad = bytes.slice();
        bad[at] ^= x;
        try {
          const g = decodeGraphFile(bad).graph;
          expect(g.firstOut.length).toBe(g.nodeCount + 1);
        } catch (err) {
          expect(err).toBeInstanceOf(GraphFileError);
        }
      }),
      { numRuns: 200 },
    );
  });
});

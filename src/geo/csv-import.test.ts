import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contract } from "./ch.ts";
import { HierarchyRouter } from "./ch-query.ts";
import { ImportError, importCsv, importCsvFiles } from "./csv-import.ts";
import { Dijkstra } from "./dijkstra.ts";

const NODES = "id,lon,lat\n10,120.10,30.20\n20,120.11,30.20\n30,120.11,30.21\n40,120.12,30.22\n";
const EDGES = "from,to,duration_s,length_m\n10,20,12.5,100\n20,10,12.5,100\n20,30,8,80\n30,10,20.25,150\n30,40,5,40\n";

describe("CSV import", () => {
  it("builds the graph in ms, keeps the largest component and reports the rest", () => {
    const r = importCsv(NODES, EDGES);
    // 40 can be reached but not left: it is its own component and is dropped.
    expect(r.components).toBe(2);
    expect(r.droppedNodes).toBe(1);
    expect([...r.graph.nodeIds]).toEqual([10, 20, 30]);
    expect(r.graph.edgeCount).toBe(4);
    const d = new Dijkstra(r.graph);
    d.run([0], null);
    expect(d.dist[2]).toBe(12_500 + 8_000);
    d.run([2], null);
    expect(d.dist[1]).toBe(20_250 + 12_500);
  });

  it("accepts the seed data's column names", () => {
    const r = importCsv(
      "node_idx,osm_node_id,lon,lat,in_largest_scc\n0,555,120.1,30.2,1\n1,556,120.2,30.2,1\n",
      "from_idx,to_idx,duration_s,length_m\n0,1,3,30\n1,0,3,30\n",
    );
    expect(r.graph.nodeCount).toBe(2);
    expect([...r.graph.weight]).toEqual([3000, 3000]);
  });

  it("names the file and line of bad input", () => {
    const bad = (nodes: string, edges: string, pattern: RegExp) => {
      expect(() => importCsv(nodes, edges, "n.csv", "e.csv")).toThrow(pattern);
      expect(() => importCsv(nodes, edges, "n.csv", "e.csv")).toThrow(ImportError);
    };
    bad("", EDGES, /n\.csv: file is empty/);
    bad(NODES, "", /e\.csv: file is empty/);
    bad(NODES, "from,to,duration_s,length_m\n", /e\.csv: no edges/);
    bad(NODES, `${EDGES}10,99,1,1\n`, /e\.csv:7: unknown node id 99/);
    bad(NODES, `${EDGES}10,20,-1,1\n`, /e\.csv:7: negative duration -1/);
    bad(NODES, `${EDGES}10,20,abc,1\n`, /e\.csv:7: duration_s is not a number/);
    bad(`${NODES}50,200,30\n`, EDGES, /n\.csv:6: coordinates out of range/);
    bad(`${NODES}10,120,30\n`, EDGES, /n\.csv:6: duplicate node id 10/);
    bad("id,lat\n1,2\n", EDGES, /n\.csv:1: missing column lon/);
  });

  it("either imports or throws ImportError on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
        for (const [n, e] of [
          [a, b],
          [NODES, `${EDGES}${b}`],
          [`${NODES}${a}`, EDGES],
        ]) {
          try {
            importCsv(n, e);
          } catch (err) {
            expect(err).toBeInstanceOf(ImportError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

const here = dirname(fileURLToPath(import.meta.url));
const hangzhou = join(process.env.LANTERN_SHARED_DATA ?? join(here, "..", "..", "..", "shared", "data"), "hangzhou");
const haveHangzhou = existsSync(join(hangzhou, "roads-nodes.csv"));
if (!haveHangzhou) console.log(`skipping Hangzhou CSV test: ${hangzhou} not found (set LANTERN_SHARED_DATA)`);

describe.skipIf(!haveHangzhou)("Hangzhou CSV graph", () => {
  it("imports 39,059 nodes in the largest component and routes exactly", () => {
    const r = importCsvFiles(join(hangzhou, "roads-nodes.csv"), join(hangzhou, "roads-edges.csv"));
    // The data's README states the size of its largest strongly connected component.
    expect(r.graph.nodeCount).toBe(39_059);
    expect(r.inputNodes).toBe(42_133);
    expect(r.inputEdges).toBe(77_532);
    const router = new HierarchyRouter(contract(r.graph));
    const d = new Dijkstra(r.graph);
    for (let i = 0; i < 10; i++) {
      const s = (i * 7919) % r.graph.nodeCount;
      d.run([s], null);
      for (let j = 0; j < 20; j++) {
        const t = (i * 31 + j * 104729) % r.graph.nodeCount;
        expect(router.query([s], null, [t], null)?.ms).toBe(d.dist[t]);
      }
    }
  });
});

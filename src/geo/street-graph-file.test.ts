/** The street graph file: what the converter writes reads back the same, and a damaged file is refused by name, never half-read. */
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertRoads } from "../demo/hangzhou-roads.ts";
import { ImportError } from "./csv-import.ts";
import { decodeStreetGraph, StreetGraphFileError } from "./street-graph-file.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/named/${name}`, import.meta.url));
const namedFixture = () =>
  convertRoads({ nodes: fixture("nodes.csv"), edges: fixture("edges.csv"), names: fixture("names.csv") }, "fixture");

describe("the street graph file", () => {
  const converted = namedFixture();

  it("keeps the largest strongly connected component, drops loops, and names each edge", () => {
    expect(converted).toMatchObject({ nodes: 6, edges: 10, inputNodes: 7, inputEdges: 12, components: 2, names: 2, namedEdges: 8 });
    const sg = decodeStreetGraph(converted.bytes, "fixture.lsg");
    const g = sg.graph;
    expect(Array.from(g.nodeIds)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.lat[3]).toBe(30.284);
    expect(g.lon[5]).toBe(120.1255);
    expect(sg.header).toMatchObject({ attribution: "© OpenStreetMap contributors (ODbL)", nodeCount: 6, edgeCount: 10 });
    // The OSM English of one 文三路 row names the whole street; 学院路 has none, so pinyin.
    expect(sg.labels).toEqual([
      { zh: "文三路", en: "Wensan Road" },
      { zh: "学院路", en: "Xueyuan Road" },
    ]);
    const named: string[] = [];
    for (let v = 0; v < g.nodeCount; v++)
      for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) {
        const k = sg.edgeNames[e];
        named.push(`${g.nodeIds[v]}-${g.nodeIds[g.target[e]]}:${k ? sg.labels[k - 1].zh : ""}:${g.weight[e]}:${g.length[e]}`);
      }
    expect(named).toEqual([
      "0-1:文三路:40100:480.5",
      "1-0:文三路:40100:480.5",
      "1-2:文三路:40000:480",
      "1-3:学院路:35500:444",
      "1-4:学院路:35500:444",
      "2-1:文三路:40000:480",
      "3-1:学院路:35500:444",
      "4-1:学院路:35500:444",
      "4-5::6200:68.9000015258789",
      "5-4::6200:68.9000015258789",
    ]);
  });

  it("refuses a names file whose rows do not follow the edges file, with the file and line", () => {
    const bad = fileURLToPath(new URL("./fixtures/named/edges.csv", import.meta.url));
    expect(() => convertRoads({ nodes: fixture("nodes.csv"), edges: fixture("edges.csv"), names: bad }, "x")).toThrow(ImportError);
    expect(() => convertRoads({ nodes: fixture("nodes.csv"), edges: fixture("edges.csv"), names: bad }, "x")).toThrow(
      /edges\.csv:1: missing column name/,
    );
    expect(() => convertRoads({ nodes: fixture("nodes.csv"), edges: fixture("names.csv"), names: fixture("names.csv") }, "x")).toThrow(
      /names\.csv:1: missing column duration_s/,
    );
  });

  it("refuses each kind of damage with a sentence that names it", () => {
    const b = converted.bytes;
    const at = (i: number, x: number) => {
      const c = b.slice();
      c[i] = x;
      return c;
    };
    expect(() => decodeStreetGraph(b.subarray(0, 10), "f.lsg")).toThrow("f.lsg: is 10 bytes, too short to be a street graph file");
    expect(() => decodeStreetGraph(at(0, 0x4e), "f.lsg")).toThrow(/not a street graph file/);
    expect(() => decodeStreetGraph(at(8, 2), "f.lsg")).toThrow("f.lsg: has format version 2; this build reads version 1");
    expect(() => decodeStreetGraph(b.subarray(0, b.length - 3), "f.lsg")).toThrow(StreetGraphFileError);
  });

  it("never half-reads a truncated or altered file: it is refused, or (a change in unused bits) reads back the same", () => {
    const b = converted.bytes;
    const same = decodeStreetGraph(b);
    fc.assert(
      fc.property(fc.nat({ max: b.length - 1 }), (cut) => {
        expect(() => decodeStreetGraph(b.subarray(0, cut))).toThrow(StreetGraphFileError);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat({ max: b.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, xor) => {
        const c = b.slice();
        c[i] ^= xor;
        let read: ReturnType<typeof decodeStreetGraph> | null = null;
        try {
          read = decodeStreetGraph(c);
        } catch (err) {
          expect(err).toBeInstanceOf(StreetGraphFileError);
        }
        if (read) {
          expect(Array.from(read.graph.target)).toEqual(Array.from(same.graph.target));
          expect(Array.from(read.edgeNames)).toEqual(Array.from(same.edgeNames));
        }
      }),
      { numRuns: 500 },
    );
  });
});

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import fc from "fast-check";
import Pbf from "pbf";
import { describe, expect, it } from "vitest";
import { haversineMeters } from "../platform/geodesy.ts";
import { contract } from "./ch.ts";
import { HierarchyRouter } from "./ch-query.ts";
import { routePairs } from "./cli.ts";
import { Dijkstra } from "./dijkstra.ts";
import type { RoadGraph } from "./graph.ts";
import { importOsmFile } from "./import-graph.ts";
import { OsmGraphBuilder } from "./osm-model.ts";
import { OsmFormatError, readOsmPbf } from "./osm-pbf.ts";
import { carWay, parseMaxspeed } from "./osm-profile.ts";
import { readOsmXml } from "./osm-xml.ts";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => join(here, "fixtures", name);
const sharedData = process.env.LANTERN_SHARED_DATA ?? join(here, "..", "..", "..", "shared", "data");

// Coordinates of the hand-made fixture (fixtures/tiny.osm), to check lengths independently.
const COORDS: Record<number, [number, number]> = {
  1: [30.25, 120.15],
  2: [30.25, 120.152],
  3: [30.25, 120.154],
  4: [30.252, 120.154],
  5: [30.252, 120.152],
  6: [30.252, 120.15],
  7: [30.251, 120.1525],
};
const dist = (a: number, b: number) => haversineMeters({ lat: COORDS[a][0], lon: COORDS[a][1] }, { lat: COORDS[b][0], lon: COORDS[b][1] });
const ms = (meters: number, kmh: number) => Math.round((meters / (kmh / 3.6)) * 1000);

function edgesById(g: RoadGraph): Map<string, { weight: number; length: number; geom: number }> {
  const out = new Map<string, { weight: number; length: number; geom: number }>();
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
      out.set(`${g.nodeIds[u]}>${g.nodeIds[g.target[e]]}`, {
        weight: g.weight[e],
        length: g.length[e],
        geom: g.geomFirst[e + 1] - g.geomFirst[e],
      });
    }
  }
  return out;
}

function checkTinyGraph(result: ReturnType<typeof importOsmFile>): void {
  const g = result.graph;
  // 1..6 are junctions; 7 is a shape point; 8, 9, 11 are only on roads cars may not use;
  // 10 is the end of a one-way spur and falls out with the largest component.
  expect([...g.nodeIds].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(result.components).toBe(2);
  expect(result.droppedNodes).toBe(1);
  const edges = edgesById(g);
  expect([...edges.keys()].sort()).toEqual(["1>2", "2>1", "2>3", "3>2", "3>4", "4>5", "5>6", "6>1", "1>6", "2>5", "5>2"].sort());
  expect(edges.get("1>2")?.weight).toBe(ms(dist(1, 2), 25));
  expect(edges.get("3>4")?.weight).toBe(ms(dist(3, 4), 65));
  // oneway=-1 on 6-5-4: only 4→5→6, at maxspeed 30.
  expect(edges.get("4>5")?.weight).toBe(ms(dist(4, 5), 30));
  expect(edges.get("6>1")?.weight).toBe(ms(dist(6, 1), 40));
  const viaShape = dist(2, 7) + dist(7, 5);
  expect(edges.get("2>5")?.length).toBeCloseTo(viaShape, 1);
  expect(edges.get("2>5")?.geom).toBe(1);
  expect(edges.get("5>2")?.weight).toBe(ms(viaShape, 25));
}

describe("OSM profile", () => {
  it("parses maxspeed units and rejects non-numeric values", () => {
    expect(parseMaxspeed("50")).toBe(50);
    expect(parseMaxspeed("50 km/h")).toBe(50);
    expect(parseMaxspeed("30 mph")).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed("40;60")).toBe(40);
    expect(parseMaxspeed("none")).toBeNull();
    expect(parseMaxspeed("RU:urban")).toBeNull();
    expect(parseMaxspeed(undefined)).toBeNull();
  });

  it("applies oneway, access and class rules", () => {
    expect(carWay({ highway: "footway" })).toBeNull();
    expect(carWay({ highway: "residential", access: "private" })).toBeNull();
    expect(carWay({ highway: "residential", access: "no", motorcar: "yes" })).toEqual({ speedKmh: 25, direction: 0 });
    expect(carWay({ highway: "primary", oneway: "-1" })?.direction).toBe(-1);
    expect(carWay({ highway: "primary", junction: "roundabout" })?.direction).toBe(1);
    expect(carWay({ highway: "motorway" })?.direction).toBe(1);
    expect(carWay({ highway: "motorway", oneway: "no" })?.direction).toBe(0);
    expect(carWay({ highway: "residential", oneway: "reversible" })).toBeNull();
  });
});

describe("OSM XML import", () => {
  for (const name of ["tiny.osm", "tiny.osm.gz", "tiny.osm.bz2"]) {
    it(`builds the expected graph from ${name}`, () => checkTinyGraph(importOsmFile(fixture(name))));
  }

  it("rejects an empty file, a file without roads and a truncated file", () => {
    expect(() => new OsmGraphBuilder().finish("x")).toThrow(/no drivable roads/);
    const b = new OsmGraphBuilder();
    readOsmXml('<osm version="0.6"><node id="1" lat="1" lon="2"/></osm>', b);
    expect(() => b.finish("x.osm")).toThrow(/no drivable roads/);
    const text = readFileSync(fixture("tiny.osm"), "utf8");
    expect(() => readOsmXml(text.slice(0, text.length / 2), new OsmGraphBuilder())).toThrow(/truncated/);
    expect(() => readOsmXml("hello", new OsmGraphBuilder())).toThrow(/not OSM XML/);
  });
});

/** Encodes the fixture as a PBF file with the same writer rules the format defines. */
function tinyPbf(): Uint8Array {
  const strings = ["", "highway", "residential", "primary", "oneway", "yes", "secondary", "-1", "maxspeed", "30", "tertiary"];
  const s = (x: string) => strings.indexOf(x);
  const nodes = [1, 2, 3, 4, 5, 6, 7, 10];
  const lat = (id: number) => (id === 10 ? 30.249 : COORDS[id][0]);
  const lon = (id: number) => (id === 10 ? 120.156 : COORDS[id][1]);
  const ways: [number, number[], [string, string][]][] = [
    [100, [1, 2, 3], [["highway", "residential"]]],
    [
      101,
      [3, 4],
      [
        ["highway", "primary"],
        ["oneway", "yes"],
      ],
    ],
    [
      102,
      [6, 5, 4],
      [
        ["highway", "secondary"],
        ["oneway", "-1"],
        ["maxspeed", "30"],
      ],
    ],
    [103, [6, 1], [["highway", "tertiary"]]],
    [104, [2, 7, 5], [["highway", "residential"]]],
    [
      107,
      [3, 10],
      [
        ["highway", "residential"],
        ["oneway", "yes"],
      ],
    ],
  ];
  const block = new Pbf();
  const st = new Pbf();
  for (const x of strings) st.writeBytesField(1, new TextEncoder().encode(x));
  block.writeBytesField(1, st.finish());
  const dense = new Pbf();
  const delta = (xs: number[]) => xs.map((x, i) => x - (i > 0 ? xs[i - 1] : 0));
  dense.writePackedSVarint(1, delta(nodes));
  dense.writePackedSVarint(8, delta(nodes.map((id) => Math.round(lat(id) * 1e7))));
  dense.writePackedSVarint(9, delta(nodes.map((id) => Math.round(lon(id) * 1e7))));
  const g1 = new Pbf();
  g1.writeBytesField(2, dense.finish());
  block.writeBytesField(2, g1.finish());
  const g2 = new Pbf();
  for (const [id, refs, tags] of ways) {
    const w = new Pbf();
    w.writeVarintField(1, id);
    w.writePackedVarint(
      2,
      tags.map(([k]) => s(k)),
    );
    w.writePackedVarint(
      3,
      tags.map(([, v]) => s(v)),
    );
    w.writePackedSVarint(8, delta(refs));
    g2.writeBytesField(3, w.finish());
  }
  block.writeBytesField(2, g2.finish());
  const header = new Pbf();
  header.writeStringField(4, "OsmSchema-V0.6");
  header.writeStringField(4, "DenseNodes");
  const parts: Uint8Array[] = [];
  const blob = (type: string, payload: Uint8Array, compress: boolean) => {
    const b = new Pbf();
    if (compress) {
      b.writeVarintField(2, payload.byteLength);
      b.writeBytesField(3, deflateSync(payload));
    } else b.writeBytesField(1, payload);
    const blobBytes = b.finish();
    const h = new Pbf();
    h.writeStringField(1, type);
    h.writeVarintField(3, blobBytes.byteLength);
    const hb = h.finish();
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, hb.byteLength);
    parts.push(len, hb, blobBytes);
  };
  blob("OSMHeader", header.finish(), false);
  blob("OSMData", block.finish(), true);
  return Buffer.concat(parts);
}

describe("OSM PBF import", () => {
  it("reads dense nodes and ways from a zlib-compressed block", () => {
    const b = new OsmGraphBuilder();
    readOsmPbf(tinyPbf(), b);
    checkTinyGraph(b.finish("tiny.osm.pbf"));
  });

  it("rejects truncated and garbage input with a clear error", () => {
    const good = tinyPbf();
    expect(() => readOsmPbf(new Uint8Array(0), new OsmGraphBuilder())).toThrow(/empty/);
    for (const cut of [3, 10, good.byteLength - 5]) {
      expect(() => readOsmPbf(good.subarray(0, cut), new OsmGraphBuilder())).toThrow(OsmFormatError);
    }
    expect(() => readOsmPbf(new TextEncoder().encode("this is not a pbf file at all"), new OsmGraphBuilder())).toThrow(OsmFormatError);
  });

  it("never fails with anything but OsmFormatError on random bytes or random corruption", () => {
    const good = tinyPbf();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          readOsmPbf(bytes, new OsmGraphBuilder());
        } catch (err) {
          expect(err).toBeInstanceOf(OsmFormatError);
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(good.byteLength - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bad = good.slice();
        bad[at] ^= x;
        try {
          readOsmPbf(bad, new OsmGraphBuilder());
        } catch (err) {
          expect(err).toBeInstanceOf(OsmFormatError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

const osmDir = join(sharedData, "osm");
const haveExtracts = existsSync(osmDir);
if (!haveExtracts) console.log(`skipping real OSM extract tests: ${osmDir} not found (set LANTERN_SHARED_DATA)`);

describe.skipIf(!haveExtracts)("real OSM extracts", () => {
  const files = haveExtracts ? readdirSync(osmDir).filter((f) => /\.osm(\.pbf|\.gz|\.bz2)?$/.test(f)) : [];
  for (const f of files) {
    it(`imports ${f} and the hierarchy agrees with Dijkstra`, () => {
      const r = importOsmFile(join(osmDir, f));
      const g = r.graph;
      expect(g.nodeCount).toBeGreaterThan(100);
      expect(g.geomLat.length).toBeGreaterThan(0);
      const ch = contract(g);
      const router = new HierarchyRouter(ch);
      const d = new Dijkstra(g);
      for (let i = 0; i < 20; i++) {
        const s = (i * 7919) % g.nodeCount;
        d.run([s], null);
        for (let j = 0; j < 10; j++) {
          const t = (i * 104729 + j * 1299709) % g.nodeCount;
          expect(router.query([s], null, [t], null)?.ms).toBe(d.dist[t]);
        }
      }
      // `lantern route --pairs` answers in original OSM ids and agrees with Dijkstra.
      const pairs: [number, number][] = [];
      for (let i = 0; i < 50; i++) pairs.push([(i * 7919) % g.nodeCount, (i * 15485863 + 11) % g.nodeCount]);
      const lines = routePairs(
        { graph: g, ch, metadata: { source: f, createdAt: "" } },
        pairs.map(([a, b]) => `${g.nodeIds[a]} ${g.nodeIds[b]}`).join("\n"),
      );
      pairs.forEach(([a, b], i) => {
        d.run([a], null, { targets: [b] });
        expect(lines[i]).toBe(`${g.nodeIds[a]} ${g.nodeIds[b]} ${Math.round(d.dist[b]) / 1000}`);
      });
    });
  }
});

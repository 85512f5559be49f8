/**
 * The demo city's shipped file, as a clean clone has it: the real road graph with its names and
 * credit, and the three districts in its header, lining up with the roads (every district holds
 * roads, and the graph's junctions fall inside the districts' box).
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { describe, expect, it } from "vitest";
import { insidePolygon } from "./geography.ts";
import { demoCityPolygon, demoDistricts, demoStreetGraph } from "./hangzhou.ts";

describe("the shipped demo city", () => {
  it("carries the road graph, its street names and the OpenStreetMap credit", () => {
    const sg = demoStreetGraph();
    expect(sg.graph.nodeCount).toBeGreaterThan(30_000);
    expect(sg.labels.map((l) => l.zh)).toEqual(expect.arrayContaining(["文三路", "延安路", "莫干山路"]));
    expect(sg.labels.find((l) => l.zh === "文三路")?.en).toBe("Wensan Road");
    expect(sg.header.attribution).toContain("OpenStreetMap contributors");
  });

  it("carries today's three districts, on the roads", () => {
    const d = demoDistricts();
    expect(d.districts.map((x) => [x.code, x.name])).toEqual([
      ["330102", "上城区"],
      ["330105", "拱墅区"],
      ["330106", "西湖区"],
    ]);
    const { graph: g } = demoStreetGraph();
    const city = demoCityPolygon();
    let inside = 0;
    for (let v = 0; v < g.nodeCount; v += 50) if (insidePolygon(city, g.lat[v], g.lon[v])) inside++;
    // Most junctions of the graph's box lie in the three districts (the rest is the box's corners).
    expect(inside / Math.ceil(g.nodeCount / 50)).toBeGreaterThan(0.6);
    // Known spots: 文三路 at 学院路 is in 西湖区, 武林广场 in 拱墅区, 凯旋路 in 上城区.
    const districtAt = (lat: number, lon: number) =>
      d.districts.filter((x) => booleanPointInPolygon([lon, lat], { type: "MultiPolygon", coordinates: x.polygon })).map((x) => x.name);
    expect(districtAt(30.2786, 120.1305)).toEqual(["西湖区"]);
    expect(districtAt(30.2745, 120.1655)).toEqual(["拱墅区"]);
    expect(districtAt(30.2898, 120.1874)).toEqual(["上城区"]);
  });
});

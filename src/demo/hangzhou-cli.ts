/**
 * `lantern demo-city convert <dir>`: rebuilds the demo city's shipped file (the street graph,
 * with the district polygons in its header) from the seed data's Hangzhou folder. Progress to stderr.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { DEMO_STREET_GRAPH } from "./hangzhou.ts";
import { convertDistricts, districtsGeoJson } from "./hangzhou-districts.ts";
import { convertRoads } from "./hangzhou-roads.ts";

const progress = (m: string) => process.stderr.write(`${m}\n`);

export function registerDemoCityCommands(program: Command): void {
  program
    .command("demo-city")
    .description("the demo city's shipped data")
    .command("convert <dir>")
    .description(
      "convert roads-nodes.csv, roads-edges.csv, roads-edge-names.csv and districts.geojson of <dir> into the demo's street graph (.lsg), the district polygons in its header",
    )
    .option("--roads <file>", "street graph to write", DEMO_STREET_GRAPH)
    .action((dir: string, opts: { roads: string }) => {
      const started = performance.now();
      let districts: ReturnType<typeof convertDistricts> | null = null;
      const roads = convertRoads(
        { nodes: join(dir, "roads-nodes.csv"), edges: join(dir, "roads-edges.csv"), names: join(dir, "roads-edge-names.csv") },
        "OpenStreetMap road graph of central Hangzhou (car profile, free-flow times, via OSRM 5.27)",
        progress,
        (box) => {
          // The districts are clipped to the road graph's own box, rounded out to 0.01°.
          const out = (x: number, up: boolean) => (up ? Math.ceil(x * 100) : Math.floor(x * 100)) / 100;
          const bbox = {
            minLat: out(box.minLat, false),
            maxLat: out(box.maxLat, true),
            minLon: out(box.minLon, false),
            maxLon: out(box.maxLon, true),
          };
          progress(`reading ${join(dir, "districts.geojson")}…`);
          districts = convertDistricts(join(dir, "districts.geojson"), bbox);
          return { districts: districtsGeoJson(districts) };
        },
      );
      writeFileSync(opts.roads, roads.bytes);
      const d = districts as ReturnType<typeof convertDistricts> | null;
      if (!d) throw new Error("the districts were not converted");
      console.log(
        [
          `wrote ${opts.roads} (${(roads.bytes.length / 1e6).toFixed(2)} MB)`,
          `nodes: ${roads.nodes} of ${roads.inputNodes}; edges: ${roads.edges} of ${roads.inputEdges} (largest of ${roads.components} components)`,
          `names: ${roads.names} on ${roads.namedEdges} edges`,
          `box: ${d.bbox.minLat}–${d.bbox.maxLat} N, ${d.bbox.minLon}–${d.bbox.maxLon} E`,
          `districts: ${d.districts.map((x) => `${x.code} ${x.name}`).join(", ")}`,
          `time: ${((performance.now() - started) / 1000).toFixed(1)} s`,
        ].join("\n"),
      );
    });
}

/**
 * `lantern demo-city convert <dir>`: rebuilds the demo city's shipped files (the street graph
 * and the district polygons) from the seed data's Hangzhou folder. Progress to stderr.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { DEMO_DISTRICTS_FILE, DEMO_STREET_GRAPH } from "./hangzhou.ts";
import { convertDistricts, districtsGeoJson } from "./hangzhou-districts.ts";
import { convertRoads } from "./hangzhou-roads.ts";

const progress = (m: string) => process.stderr.write(`${m}\n`);

export function registerDemoCityCommands(program: Command): void {
  program
    .command("demo-city")
    .description("the demo city's shipped data")
    .command("convert <dir>")
    .description(
      "convert roads-nodes.csv, roads-edges.csv, roads-edge-names.csv and districts.geojson of <dir> into the demo's street graph (.lsg) and district polygons (JSON)",
    )
    .option("--roads <file>", "street graph to write", DEMO_STREET_GRAPH)
    .option("--districts <file>", "district polygons to write", DEMO_DISTRICTS_FILE)
    .action((dir: string, opts: { roads: string; districts: string }) => {
      const started = performance.now();
      const roads = convertRoads(
        { nodes: join(dir, "roads-nodes.csv"), edges: join(dir, "roads-edges.csv"), names: join(dir, "roads-edge-names.csv") },
        "OpenStreetMap road graph of central Hangzhou (car profile, free-flow times, via OSRM 5.27)",
        progress,
      );
      writeFileSync(opts.roads, roads.bytes);
      // The districts are clipped to the road graph's own box, rounded out to 0.01°.
      const out = (x: number, up: boolean) => (up ? Math.ceil(x * 100) : Math.floor(x * 100)) / 100;
      const bbox = {
        minLat: out(roads.bbox.minLat, false),
        maxLat: out(roads.bbox.maxLat, true),
        minLon: out(roads.bbox.minLon, false),
        maxLon: out(roads.bbox.maxLon, true),
      };
      progress(`reading ${join(dir, "districts.geojson")}…`);
      const districts = convertDistricts(join(dir, "districts.geojson"), bbox);
      writeFileSync(opts.districts, `${JSON.stringify(districtsGeoJson(districts))}\n`);
      console.log(
        [
          `wrote ${opts.roads} (${(roads.bytes.length / 1e6).toFixed(2)} MB)`,
          `nodes: ${roads.nodes} of ${roads.inputNodes}; edges: ${roads.edges} of ${roads.inputEdges} (largest of ${roads.components} components)`,
          `names: ${roads.names} on ${roads.namedEdges} edges`,
          `box: ${bbox.minLat}–${bbox.maxLat} N, ${bbox.minLon}–${bbox.maxLon} E`,
          `wrote ${opts.districts}: ${districts.districts.map((d) => `${d.code} ${d.name}`).join(", ")}`,
          `time: ${((performance.now() - started) / 1000).toFixed(1)} s`,
        ].join("\n"),
      );
    });
}

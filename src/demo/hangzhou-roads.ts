/**
 * Converts the seed data's road graph of central Hangzhou (nodes, edges and the OSM street name
 * of every edge, as CSV) into the street graph file the demo ships: the largest strongly
 * connected component, each street's name in zh-CN and en, the credit its licence asks for.
 */
import { readFileSync } from "node:fs";
import { largestComponent } from "../geo/components.ts";
import { csvColumn, csvNumber, csvRows, ImportError, parseCsvGraph } from "../geo/csv-import.ts";
import { buildGraph } from "../geo/graph.ts";
import { encodeStreetGraph } from "../geo/street-graph-file.ts";
import type { StreetLabel } from "../geo/street-names.ts";
import { streetLabelFromOsm } from "./place-names.ts";

export const OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL)";
export const OSM_LICENCE = "ODbL 1.0, https://www.openstreetmap.org/copyright";

export interface RoadConversion {
  bytes: Uint8Array;
  nodes: number;
  edges: number;
  inputNodes: number;
  inputEdges: number;
  components: number;
  names: number;
  namedEdges: number;
  bbox: { minLat: number; maxLat: number; minLon: number; maxLon: number };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new ImportError(path, null, `cannot read file (${(err as Error).message})`);
  }
}

/** The paths of the three CSV files; every bad row is refused with its file and line. */
export function convertRoads(
  paths: { nodes: string; edges: string; names: string },
  source: string,
  log: (m: string) => void = () => {},
  /** More header fields, worked out from the kept graph's box (the demo adds its districts). */
  extend: (bbox: RoadConversion["bbox"]) => Record<string, unknown> = () => ({}),
): RoadConversion {
  log(`reading ${paths.nodes} and ${paths.edges}…`);
  const csv = parseCsvGraph(readText(paths.nodes), readText(paths.edges), paths.nodes, paths.edges);
  log(`reading ${paths.names}…`);
  const { labels, edgeName } = readEdgeNames(readText(paths.names), paths.names, csv.nodes.ids, csv.edges);
  const full = buildGraph(csv.nodes, csv.edges);
  // buildGraph keeps edges in file order within each source node and drops loops: the same
  // stable order gives each CSR edge its name.
  const raw = csv.edges.from.length;
  const order = Array.from({ length: raw }, (_, i) => i).filter((i) => csv.edges.from[i] !== csv.edges.to[i]);
  order.sort((a, b) => csv.edges.from[a] - csv.edges.from[b] || a - b);
  log(
    `${full.nodeCount} nodes, ${full.edgeCount} edges (${raw - full.edgeCount} loops dropped); keeping the largest strongly connected component…`,
  );
  const { graph, components } = largestComponent(full);
  // largestComponent keeps nodes and edges in order too; a kept edge has both ends kept.
  const kept = new Set<number>(graph.nodeIds);
  const names = new Uint16Array(graph.edgeCount);
  let k = 0;
  for (const i of order) {
    if (!kept.has(csv.nodes.ids[csv.edges.from[i]]) || !kept.has(csv.nodes.ids[csv.edges.to[i]])) continue;
    names[k++] = edgeName[i];
  }
  if (k !== graph.edgeCount) throw new Error(`matched ${k} names to ${graph.edgeCount} edges`);
  // Names only dropped edges carried leave the table, keeping first-seen order.
  const renumber = new Uint16Array(labels.length + 1);
  const used: StreetLabel[] = [];
  for (let e = 0; e < names.length; e++) {
    const x = names[e];
    if (x > 0 && renumber[x] === 0) {
      used.push(labels[x - 1]);
      renumber[x] = used.length;
    }
    names[e] = renumber[x];
  }
  const bbox = { minLat: 90, maxLat: -90, minLon: 180, maxLon: -180 };
  for (let v = 0; v < graph.nodeCount; v++) {
    bbox.minLat = Math.min(bbox.minLat, graph.lat[v]);
    bbox.maxLat = Math.max(bbox.maxLat, graph.lat[v]);
    bbox.minLon = Math.min(bbox.minLon, graph.lon[v]);
    bbox.maxLon = Math.max(bbox.maxLon, graph.lon[v]);
  }
  const bytes = encodeStreetGraph({
    graph,
    edgeNames: names,
    labels: used,
    header: {
      source,
      attribution: OSM_ATTRIBUTION,
      licence: OSM_LICENCE,
      components,
      inputNodes: full.nodeCount,
      inputEdges: raw,
      ...extend(bbox),
    },
  });
  return {
    bytes,
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    inputNodes: full.nodeCount,
    inputEdges: raw,
    components,
    names: used.length,
    namedEdges: names.reduce((n, x) => n + (x > 0 ? 1 : 0), 0),
    bbox,
  };
}

/**
 * The names file has one row per edge, in the edges file's order, repeating its two node ids so
 * a shifted row is caught. Names are keyed by their zh label; the OSM English wins over pinyin.
 */
function readEdgeNames(
  text: string,
  file: string,
  nodeIds: number[],
  edges: { from: number[]; to: number[] },
): { labels: StreetLabel[]; edgeName: Uint16Array } {
  const rows = csvRows(text, file);
  const fromCol = csvColumn(rows.header, ["from", "from_idx", "source"], file);
  const toCol = csvColumn(rows.header, ["to", "to_idx", "target"], file);
  const nameCol = csvColumn(rows.header, ["name"], file);
  const byZh = new Map<string, { index: number; label: StreetLabel; osmEnglish: boolean }>();
  const edgeName = new Uint16Array(edges.from.length);
  let i = 0;
  for (const [line, cells] of rows.body) {
    if (i >= edges.from.length) throw new ImportError(file, line, `more rows than the ${edges.from.length} edges`);
    const a = csvNumber(cells[fromCol], file, line, "from");
    const b = csvNumber(cells[toCol], file, line, "to");
    if (a !== nodeIds[edges.from[i]] || b !== nodeIds[edges.to[i]])
      throw new ImportError(
        file,
        line,
        `edge ${a} → ${b} is not edge ${i + 1} of the edges file (${nodeIds[edges.from[i]]} → ${nodeIds[edges.to[i]]})`,
      );
    const raw = cells[nameCol] ?? "";
    if ([...raw].some((c) => c.charCodeAt(0) < 0x20))
      throw new ImportError(file, line, `name contains a control character: ${JSON.stringify(raw)}`);
    const label = streetLabelFromOsm(raw);
    if (label) {
      const osmEnglish = label.zh !== raw.trim() || /^[\x20-\x7e]+$/.test(raw.trim());
      let entry = byZh.get(label.zh);
      if (!entry) {
        if (byZh.size >= 0xfffe) throw new ImportError(file, line, "more distinct names than the file format holds");
        entry = { index: byZh.size + 1, label, osmEnglish };
        byZh.set(label.zh, entry);
      } else if (osmEnglish && !entry.osmEnglish) {
        entry.label = label;
        entry.osmEnglish = true;
      }
      edgeName[i] = entry.index;
    }
    i++;
  }
  if (i !== edges.from.length) throw new ImportError(file, null, `has ${i} rows for ${edges.from.length} edges`);
  return { labels: [...byZh.values()].map((e) => e.label), edgeName };
}

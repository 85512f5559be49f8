/**
 * One entry point for every input format: OSM PBF, OSM XML (plain, .gz, .bz2) and CSV pairs.
 * The format is recognised by content where possible, by file name otherwise.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ImportError, type ImportResult, importCsvFiles } from "./csv-import.ts";
import { OsmGraphBuilder, type OsmImportResult } from "./osm-model.ts";
import { OsmFormatError, readOsmPbf } from "./osm-pbf.ts";
import { decompressOsmXml, readOsmXml } from "./osm-xml.ts";

export interface ImportOptions {
  log?: (message: string) => void;
  /** For CSV: the edges file (default: next to the nodes file). */
  edgesFile?: string;
}

export function importOsmFile(path: string, options: ImportOptions = {}): OsmImportResult {
  const log = options.log ?? (() => {});
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new ImportError(path, null, `cannot read file (${(err as Error).message})`);
  }
  const builder = new OsmGraphBuilder();
  try {
    if (data.byteLength === 0) throw new OsmFormatError("file is empty");
    const isPbf = /\.pbf$/i.test(path) || (data.byteLength > 8 && data[0] === 0 && data[1] === 0);
    if (isPbf) {
      log(`reading PBF ${basename(path)} (${(data.byteLength / 1e6).toFixed(1)} MB)…`);
      readOsmPbf(data, builder);
    } else {
      log(`reading OSM XML ${basename(path)} (${(data.byteLength / 1e6).toFixed(1)} MB)…`);
      readOsmXml(decompressOsmXml(data), builder);
    }
    log(`${builder.roadCount} drivable ways; building graph…`);
    return builder.finish(basename(path));
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(path, null, (err as Error).message.replace(`${basename(path)}: `, ""));
  }
}

/** For a CSV nodes file, the edges file beside it (roads-nodes.csv → roads-edges.csv). */
export function edgesFileFor(nodesFile: string): string {
  const name = basename(nodesFile);
  const guess = name.includes("nodes") ? name.replace("nodes", "edges") : "edges.csv";
  return join(dirname(nodesFile), guess);
}

export async function importGraph(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  if (existsSync(path) && statSync(path).isDirectory()) {
    const nodes = existsSync(join(path, "nodes.csv")) ? join(path, "nodes.csv") : join(path, "roads-nodes.csv");
    return importCsvFiles(nodes, options.edgesFile ?? edgesFileFor(nodes));
  }
  if (/\.csv$/i.test(path)) return importCsvFiles(path, options.edgesFile ?? edgesFileFor(path));
  return importOsmFile(path, options);
}

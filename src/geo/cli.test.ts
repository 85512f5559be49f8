import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { afterAll, describe, expect, it, vi } from "vitest";
import { haversineMeters } from "../platform/geodesy.ts";
import { registerGeoCommands } from "./cli.ts";
import { readGraphFile } from "./graph-file.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "geo-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const program = new Command("lantern").exitOverride();
  registerGeoCommands(program);
  let out = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const log = vi.spyOn(console, "log").mockImplementation((...xs: unknown[]) => {
    out += `${xs.join(" ")}\n`;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await program.parseAsync(["node", "lantern", ...args]);
  } finally {
    write.mockRestore();
    log.mockRestore();
    err.mockRestore();
  }
  return out;
}

describe("lantern import / route", () => {
  it("imports the OSM fixture, prints a summary and routes pairs by OSM id", async () => {
    const out = join(dir, "tiny.lgr");
    const summary = await run(["import", "osm", join(here, "fixtures", "tiny.osm"), "--out", out]);
    expect(summary).toMatch(/nodes: 6/);
    expect(summary).toMatch(/edges: 11/);
    expect(summary).toMatch(/components: 2/);
    expect(summary).toMatch(/time: /);
    expect(readGraphFile(out).ch).not.toBeNull();
    const pairs = join(dir, "pairs.txt");
    // 4 → 3 has no direct road (3→4 is one-way): around via 5, 2. 10 was dropped; 999 is unknown.
    // 7 is a shape point halfway (by length) along the residential road 2–5.
    writeFileSync(pairs, "3 4\n4 3\n1 1\n3 10\n999 1\n2 7\n7 2\n2 5\n");
    const lines = (await run(["route", "--graph", out, "--pairs", pairs])).trim().split("\n");
    expect(lines).toHaveLength(8);
    const s25 = Number(lines[7].split(" ")[2]);
    const d27 = haversineMeters({ lat: 30.25, lon: 120.152 }, { lat: 30.251, lon: 120.1525 });
    expect(Number(lines[5].split(" ")[2])).toBeCloseTo(d27 / (25 / 3.6), 2);
    expect(lines[5].startsWith("2 7 ")).toBe(true);
    expect(Number(lines[6].split(" ")[2])).toBeCloseTo(d27 / (25 / 3.6), 2);
    expect(s25).toBeGreaterThan(Number(lines[5].split(" ")[2]));
    expect(lines[0]).toMatch(/^3 4 \d+(\.\d+)?$/);
    const [, , s43] = lines[1].split(" ");
    expect(Number(s43)).toBeGreaterThan(Number(lines[0].split(" ")[2]));
    expect(lines.slice(2, 5)).toEqual(["1 1 0", "3 10 -1", "999 1 -1"]);
  });

  it("imports a CSV graph and names a bad line", async () => {
    const nodes = join(dir, "nodes.csv");
    writeFileSync(nodes, "id,lon,lat\n1,120.1,30.2\n2,120.2,30.2\n");
    writeFileSync(join(dir, "edges.csv"), "from,to,duration_s,length_m\n1,2,10,100\n2,1,12,100\n");
    const out = join(dir, "c.lgr");
    expect(await run(["import", "csv", nodes, "--out", out])).toMatch(/nodes: 2/);
    writeFileSync(join(dir, "bad-edges.csv"), "from,to,duration_s,length_m\n1,3,10,100\n");
    await expect(run(["import", "csv", nodes, join(dir, "bad-edges.csv"), "--out", join(dir, "d.lgr")])).rejects.toThrow(
      /bad-edges\.csv:2: unknown node id 3/,
    );
  });
});

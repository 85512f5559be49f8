import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Lantern, startLantern } from "../../test/harness.ts";
import { importSitesCsv } from "./cli.ts";
import { CSV_COLUMNS, csvField, parseSitesCsv } from "./csv.ts";
import { DEVICE_TYPES, SITE_TYPES } from "./model.ts";

const HEADER = CSV_COLUMNS.join(",");
type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;
const line = (r: Row) => CSV_COLUMNS.map((c) => csvField(r[c] ?? "")).join(",");
const file = (rows: Row[], eol = "\n") => [HEADER, ...rows.map(line)].join(eol) + eol;

const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/);
// Names with the characters that need quoting: commas, quotes, newlines, CJK.
const text = fc
  .string({ unit: fc.constantFrom("a", "Z", "小", "区", ",", '"', " ", "\n", "号", "1"), minLength: 1, maxLength: 20 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const phone = fc.stringMatching(/^1[3-9][0-9]{9}$/);

const siteArb = fc.record({
  id,
  name: text,
  type: fc.constantFrom(...SITE_TYPES),
  lat: fc.double({ min: 30.2, max: 30.34, noNaN: true }),
  lon: fc.double({ min: 120.06, max: 120.26, noNaN: true }),
  address: fc.option(text, { nil: undefined }),
  guard: fc.option(fc.record({ name: text, phone }), { nil: undefined }),
  devices: fc.uniqueArray(
    fc.record({
      id,
      type: fc.constantFrom(...DEVICE_TYPES.filter((t) => t !== "alarm_panel")),
      name: text,
      heartbeatS: fc.integer({ min: 5, max: 86400 }),
    }),
    { selector: (d) => d.id, maxLength: 4 },
  ),
});

function rowsOf(sites: SiteSample[]): Row[] {
  const rows: Row[] = [];
  for (const s of sites) {
    const siteCols: Row = {
      site_id: s.id,
      site_name: s.name,
      site_type: s.type,
      lat: String(s.lat),
      lon: String(s.lon),
      address: s.address ?? "",
      guard_name: s.guard?.name ?? "",
      guard_phone: s.guard?.phone ?? "",
    };
    if (!s.devices.length) rows.push(siteCols);
    for (const [i, d] of s.devices.entries()) {
      // Later rows of a site may leave the site columns empty.
      rows.push({
        ...(i === 0 ? siteCols : { site_id: s.id }),
        device_id: `${s.id}-${d.id}`,
        device_type: d.type,
        device_name: d.name,
        heartbeat_s: String(d.heartbeatS),
      });
    }
  }
  return rows;
}

type SiteSample = typeof siteArb extends fc.Arbitrary<infer T> ? T : never;

const uniqueSites = fc.uniqueArray(siteArb, { selector: (s) => s.id, maxLength: 6 });

describe("sites CSV parser", () => {
  it("round-trips any well-formed file (quoted commas, quotes, newlines, CJK; LF or CRLF)", () => {
    fc.assert(
      fc.property(uniqueSites, fc.constantFrom("\n", "\r\n"), (sites, eol) => {
        const p = parseSitesCsv(file(rowsOf(sites), eol));
        expect(p.errors).toEqual([]);
        expect(p.sites.map((s) => [s.id, s.name, s.type, s.location.lat, s.location.lon, s.location.address ?? undefined])).toEqual(
          sites.map((s) => [s.id, s.name, s.type, s.lat, s.lon, s.address]),
        );
        expect(p.sites.map((s) => s.contacts)).toEqual(sites.map((s) => (s.guard ? [{ role: "guard", ...s.guard }] : [])));
        expect(p.devices.map((d) => [d.siteId, d.id, d.type, d.name, d.heartbeatS])).toEqual(
          sites.flatMap((s) => s.devices.map((d) => [s.id, `${s.id}-${d.id}`, d.type, d.name, d.heartbeatS])),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on arbitrary input, and reports a line for every error", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (junk) => {
        for (const input of [junk, `${HEADER}\n${junk}`]) {
          const p = parseSitesCsv(input);
          for (const e of p.errors) expect(e.line).toBeGreaterThanOrEqual(1);
          if (p.errors.length === 0) expect(p.sites.length + p.devices.length).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("names the line and column of a broken row, wherever it is", () => {
    fc.assert(
      fc.property(
        uniqueSites.filter((s) => s.length > 0),
        fc.nat(),
        fc.constantFrom(
          ["device_type", "laser"],
          ["heartbeat_s", "2"],
          ["site_type", "castle"],
          ["lat", "north"],
          ["guard_phone", "call me"],
        ),
        (sites, k, [column, bad]) => {
          const rows = rowsOf(sites);
          const i = k % rows.length;
          // Give the broken row full site columns (so the clash is the bad value, not a disagreement) and a device.
          const s = sites.find((x) => x.id === rows[i].site_id)!;
          const broken: Row = {
            ...rowsOf([{ ...s, devices: [{ id: "zz", type: "smoke", name: "x", heartbeatS: 60 }] }])[0],
            [column]: bad,
          };
          rows.splice(i, 1, broken);
          // Rows may span several physical lines (quoted newlines): the expected line is counted independently.
          const text = file(rows);
          const before = [HEADER, ...rows.slice(0, i).map(line)].join("\n");
          const expectedLine = before.split("\n").length + 1;
          const p = parseSitesCsv(text);
          const hit = p.errors.filter((e) => e.line === expectedLine);
          if (column === "lat" || column === "site_type") {
            // A bad site column on a later row of the site is a disagreement; on its first row, a bad value.
            expect(hit.length).toBeGreaterThan(0);
          } else {
            expect(hit.map((e) => e.column)).toContain(column);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses unknown and missing columns, duplicate devices and accounts", () => {
    expect(
      parseSitesCsv("site_id,site_nmae\n")
        .errors.map((e) => e.message)
        .join(),
    ).toMatch(/unknown column "site_nmae".*|missing column/);
    const rows: Row[] = [
      {
        site_id: "a",
        site_name: "A",
        site_type: "compound",
        lat: "30.25",
        lon: "120.17",
        device_id: "p1",
        device_type: "alarm_panel",
        dc09_account: "1A2B",
      },
      { site_id: "a", device_id: "p1", device_type: "smoke" },
      { site_id: "a", device_id: "p2", device_type: "alarm_panel", dc09_account: "1a2b" },
      { site_id: "a", site_name: "B", device_id: "p3", device_type: "smoke" },
    ];
    const p = parseSitesCsv(file(rows));
    expect(p.errors).toEqual([
      { line: 3, column: "device_id", message: "device p1 is already on line 2" },
      { line: 4, column: "dc09_account", message: "account 1A2B is already on line 2" },
      { line: 5, column: "site_name", message: 'site a has site_name "A" on line 2' },
    ]);
  });
});

describe("sites import (sqlite)", () => {
  let l: Lantern;
  beforeAll(async () => {
    l = await startLantern("sqlite");
  });
  afterAll(async () => l?.close());

  const good: Row[] = [
    {
      site_id: "imp-1",
      site_name: "湖滨智安小区",
      site_type: "compound",
      lat: "30.25",
      lon: "120.17",
      address: "上城区湖滨路1号",
      guard_name: "张三",
      guard_phone: "13800001111",
      device_id: "imp-1-smoke",
      device_type: "smoke",
      heartbeat_s: "120",
    },
    {
      site_id: "imp-1",
      device_id: "imp-1-panel",
      device_type: "alarm_panel",
      dc09_account: "BEEF",
      dc09_key_hex: "00112233445566778899aabbccddeeff",
    },
    { site_id: "imp-2", site_name: "西溪智安校园", site_type: "campus", lat: "30.3", lon: "120.1" },
  ];

  it("a file with errors writes nothing; --skip-bad imports the good rows", async () => {
    const bad = [...good, { site_id: "far", site_name: "Far away", site_type: "other", lat: "39.9", lon: "116.4" }];
    const r = await importSitesCsv(l.ctx, file(bad));
    expect(r.written).toBe(false);
    expect(r.errors).toEqual([{ line: 5, column: "lat", message: "site far: outside every zone of the city" }]);
    expect(await l.ctx.db.selectFrom("sites").select("id").execute()).toEqual([]);

    const skip = await importSitesCsv(l.ctx, file(bad), { skipBad: true });
    expect(skip).toMatchObject({ written: true, sites: 2, devices: 2 });
    const devices = await l.ctx.db.selectFrom("site_devices").selectAll().orderBy("id").execute();
    expect(devices.map((d) => [d.id, d.site_id, d.type, d.heartbeat_s, d.dc09_account])).toEqual([
      ["imp-1-panel", "imp-1", "alarm_panel", 300, "BEEF"],
      ["imp-1-smoke", "imp-1", "smoke", 120, null],
    ]);
    const site = await l.ctx.db.selectFrom("sites").selectAll().where("id", "=", "imp-1").executeTakeFirstOrThrow();
    expect(site.zone_id).toMatch(/^kaixuan-z/);
    // Importing the same file again updates in place.
    const again = await importSitesCsv(l.ctx, file(good));
    expect(again).toMatchObject({ written: true, sites: 2, devices: 2 });
    expect((await l.ctx.db.selectFrom("site_devices").select("id").execute()).length).toBe(2);
  });
});

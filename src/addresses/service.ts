/**
 * The address gazetteer: type-ahead search over standard addresses. A wrong address is the worst
 * dispatch failure, so the call-taker picks a validated address (with its fixed point and zone)
 * rather than free text; the map pin remains the override.
 */
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { zoneIndex } from "../org/service.ts";
import { newId } from "../platform/ids.ts";
import { problems } from "../platform/problem.ts";
import { underOrg } from "../platform/scope.ts";
import type { AddressView } from "./schemas.ts";

/** The service speaks the contract's view (schemas.ts). */
export type Address = AddressView;

export function normalise(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").replace(/号$/, "").toLowerCase();
}

export async function addAddresses(ctx: AppContext, rows: Omit<Address, "id" | "zoneId">[]): Promise<number> {
  const index = await zoneIndex(ctx);
  const values = rows.map((a) => {
    const zone = index.find(a.lat, a.lon, "zone");
    const city = zone ?? index.find(a.lat, a.lon, "city");
    if (!city) throw problems.outsideCity("lat", a.lat, a.lon);
    return {
      id: newId(),
      text: a.text,
      search_text: normalise(a.text),
      street: a.street,
      house_number: a.houseNumber,
      lat: a.lat,
      lon: a.lon,
      zone_id: zone?.id ?? null,
      org_path: city.path,
    };
  });
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < values.length; i += 500)
    await ctx.db
      .insertInto("addresses")
      .values(values.slice(i, i + 500))
      .execute();
  return values.length;
}

/** Addresses containing the query, those that start with it first, then the shortest. */
export async function searchAddresses(ctx: AppContext, actor: Actor, q: string, limit = 10): Promise<Address[]> {
  const needle = normalise(q);
  if (!needle) return [];
  // LIKE wildcards in the query are dropped rather than escaped: no address contains them.
  const escaped = needle.replace(/[\\%_]/g, "");
  if (!escaped) return [];
  const rows = await ctx.db
    .selectFrom("addresses")
    .selectAll()
    .where("search_text", "like", `%${escaped}%`)
    .where(underOrg("org_path", `${actor.orgPath.split("/").slice(0, 2).join("/")}/`))
    .limit(200)
    .execute();
  return rows
    .sort(
      (a, b) =>
        Number(!a.search_text.startsWith(needle)) - Number(!b.search_text.startsWith(needle)) ||
        a.search_text.length - b.search_text.length ||
        a.search_text.localeCompare(b.search_text),
    )
    .slice(0, limit)
    .map((r) => ({ id: r.id, text: r.text, street: r.street, houseNumber: r.house_number, lat: r.lat, lon: r.lon, zoneId: r.zone_id }));
}

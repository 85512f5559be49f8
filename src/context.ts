/**
 * What every service call needs: the database, the bus, the configuration, the clock and the
 * travel-time engine. Built once per process (`createContext`) and passed explicitly.
 */
import type { Kysely } from "kysely";
import type { RoadGraph } from "./geo/graph.ts";
import type { StreetNames } from "./geo/street-names.ts";
import { StraightLineTravelTimes, type TravelTimes } from "./geo/travel-times.ts";
import { migrations } from "./migrations.ts";
import type { ZoneIndex } from "./org/zone-index.ts";
import { type Clock, systemClock } from "./platform/clock.ts";
import type { Config } from "./platform/config.ts";
import { type Backend, migrateToLatest, openDatabase } from "./platform/db.ts";
import { EventBus } from "./platform/events.ts";
import type { Database } from "./schema.ts";

export interface AppContext {
  db: Kysely<Database>;
  backend: Backend;
  dbWhere: string;
  bus: EventBus;
  config: Config;
  clock: Clock;
  travel: TravelTimes;
  /** The road graph behind `travel`, for the base map; null with the straight-line fallback. */
  roads: RoadGraph | null;
  /** Names of the streets of `roads`; null when the graph carries none. */
  streets: StreetNames | null;
  caches: { zoneIndex: ZoneIndex | null };
}

export async function createContext(
  config: Config,
  opts: { clock?: Clock; travel?: TravelTimes; sqliteFile?: string } = {},
): Promise<AppContext> {
  const handle = openDatabase<Database>({ ...config, sqliteFile: opts.sqliteFile });
  await migrateToLatest(handle.db, migrations);
  return {
    db: handle.db,
    backend: handle.backend,
    dbWhere: handle.where,
    bus: new EventBus(),
    config,
    clock: opts.clock ?? systemClock,
    travel: opts.travel ?? new StraightLineTravelTimes(),
    roads: null,
    streets: null,
    caches: { zoneIndex: null },
  };
}

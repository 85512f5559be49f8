import type { Kysely, Migration } from "kysely";

export const incidentMigrations: Record<string, Migration> = {
  "0020_incidents": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("categories")
        .addColumn("code", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("name_zh", "text", (c) => c.notNull())
        .addColumn("name_en", "text", (c) => c.notNull())
        .addColumn("default_priority", "text", (c) => c.notNull())
        .addColumn("police", "integer", (c) => c.notNull())
        .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createTable("counters")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("incidents")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("number", "text", (c) => c.notNull().unique())
        .addColumn("channel", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("category_code", "text", (c) => c.notNull().references("categories.code"))
        .addColumn("priority", "text", (c) => c.notNull())
        .addColumn("caller_name", "text")
        .addColumn("caller_phone", "text")
        .addColumn("lat", "double precision", (c) => c.notNull())
        .addColumn("lon", "double precision", (c) => c.notNull())
        .addColumn("address", "text")
        .addColumn("zone_id", "text")
        .addColumn("station_id", "text")
        .addColumn("district_id", "text")
        .addColumn("area_type", "text", (c) => c.notNull())
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("valid", "integer")
        .addColumn("invalid_reason", "text")
        .addColumn("police", "integer")
        .addColumn("duplicate_of", "text")
        .addColumn("narrative", "text")
        .addColumn("disposition", "text")
        .addColumn("disposition_note", "text")
        .addColumn("received_at", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("first_dispatched_at", "text")
        .addColumn("first_on_scene_at", "text")
        .addColumn("cleared_at", "text")
        .addColumn("closed_at", "text")
        .addColumn("cancelled_at", "text")
        .addColumn("dispatch_overdue_at", "text")
        .addColumn("arrival_overdue_at", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("incidents_status").on("incidents").columns(["status", "org_path"]).execute();
      await db.schema.createIndex("incidents_received").on("incidents").column("received_at").execute();
    },
  },
};

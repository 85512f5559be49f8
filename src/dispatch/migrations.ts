import type { Kysely, Migration } from "kysely";

export const dispatchMigrations: Record<string, Migration> = {
  "0030_dispatch": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("unit_statuses")
        .addColumn("code", "text", (c) => c.primaryKey())
        .addColumn("base_type", "text", (c) => c.notNull())
        .addColumn("name_zh", "text", (c) => c.notNull())
        .addColumn("name_en", "text", (c) => c.notNull())
        .addColumn("warn_after_s", "integer")
        .addColumn("alert_after_s", "integer")
        .execute();
      await db.schema
        .createTable("units")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("callsign", "text", (c) => c.notNull().unique())
        .addColumn("name_zh", "text", (c) => c.notNull())
        .addColumn("name_en", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("station_id", "text", (c) => c.notNull().references("orgs.id"))
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().references("unit_statuses.code"))
        .addColumn("status_since", "text", (c) => c.notNull())
        .addColumn("incident_id", "text")
        .addColumn("lat", "double precision")
        .addColumn("lon", "double precision")
        .addColumn("avl_at", "text")
        .addColumn("dest_lat", "double precision")
        .addColumn("dest_lon", "double precision")
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("unit_members")
        .addColumn("unit_id", "text", (c) => c.notNull().references("units.id"))
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
        .addPrimaryKeyConstraint("unit_members_pk", ["unit_id", "user_id"])
        .execute();
      await db.schema
        .createTable("assignments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id"))
        .addColumn("unit_id", "text", (c) => c.notNull().references("units.id"))
        .addColumn("status", "text", (c) => c.notNull())
        // NULLs are distinct in a unique index on both back ends: at most one ACTIVE
        // assignment per unit, enforced by the database even if two processes race.
        .addColumn("active_unit_id", "text", (c) => c.unique())
        .addColumn("dispatched_at", "text", (c) => c.notNull())
        .addColumn("acknowledged_at", "text")
        .addColumn("en_route_at", "text")
        .addColumn("on_scene_at", "text")
        .addColumn("cleared_at", "text")
        .addColumn("cancelled_at", "text")
        .addColumn("eta_s", "double precision")
        .addColumn("travel_method", "text", (c) => c.notNull())
        .addColumn("dispatched_by", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("assignments_incident").on("assignments").column("incident_id").execute();
      await db.schema
        .createTable("response_plans")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("category_code", "text", (c) => c.notNull())
        .addColumn("priority", "text", (c) => c.notNull())
        .addColumn("area_type", "text")
        .addColumn("requirements", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("response_targets")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("priority", "text", (c) => c.notNull())
        .addColumn("area_type", "text", (c) => c.notNull())
        .addColumn("minutes", "double precision", (c) => c.notNull())
        .execute();
    },
  },
};

import type { Kysely, Migration } from "kysely";

export const sitesMigrations: Record<string, Migration> = {
  "0050_sites": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("sites")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("lat", "double precision", (c) => c.notNull())
        .addColumn("lon", "double precision", (c) => c.notNull())
        .addColumn("address", "text")
        .addColumn("zone_id", "text")
        .addColumn("station_id", "text")
        .addColumn("district_id", "text")
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("contacts", "text", (c) => c.notNull())
        .addColumn("guard_ack_s", "integer")
        .addColumn("grid_worker_ack_s", "integer")
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("sites_org_path").on("sites").column("org_path").execute();
      await db.schema
        .createTable("site_devices")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("location", "text")
        .addColumn("lat", "double precision")
        .addColumn("lon", "double precision")
        .addColumn("heartbeat_s", "integer", (c) => c.notNull())
        .addColumn("dc09_account", "text", (c) => c.unique())
        .addColumn("dc09_key_hex", "text")
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("state_since", "text")
        .addColumn("last_seen_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("site_devices_site").on("site_devices").column("site_id").execute();
      await db.schema
        .createTable("site_signals")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("key", "text", (c) => c.notNull().unique())
        .addColumn("site_id", "text", (c) => c.notNull())
        .addColumn("device_id", "text")
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("event_code", "text", (c) => c.notNull())
        .addColumn("qualifier", "text", (c) => c.notNull())
        .addColumn("meaning", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("incident_id", "text")
        .addColumn("task_id", "text")
        .addColumn("raw", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("site_signals_site_time").on("site_signals").columns(["site_id", "received_at"]).execute();
      await db.schema.createIndex("site_signals_device_time").on("site_signals").columns(["device_id", "received_at"]).execute();
      await db.schema.createIndex("site_signals_incident").on("site_signals").column("incident_id").execute();
      await db.schema
        .createTable("site_tasks")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("site_id", "text", (c) => c.notNull())
        .addColumn("device_id", "text")
        .addColumn("signal_id", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("assignee", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("category_code", "text", (c) => c.notNull())
        .addColumn("priority", "text", (c) => c.notNull())
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("due_at", "text", (c) => c.notNull())
        .addColumn("acknowledged_at", "text")
        .addColumn("acknowledged_by", "text")
        .addColumn("note", "text")
        .addColumn("incident_id", "text")
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("site_tasks_status_due").on("site_tasks").columns(["status", "due_at"]).execute();
      await db.schema
        .createTable("site_dead_letters")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("topic", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("site_dead_letters_at").on("site_dead_letters").column("at").execute();
      await db.schema
        .createTable("site_online_daily")
        .addColumn("day", "text", (c) => c.notNull())
        .addColumn("group_kind", "text", (c) => c.notNull())
        .addColumn("group_id", "text", (c) => c.notNull())
        .addColumn("samples", "integer", (c) => c.notNull())
        .addColumn("device_sum", "integer", (c) => c.notNull())
        .addColumn("online_sum", "integer", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("site_online_daily_pk", ["day", "group_kind", "group_id"])
        .execute();
    },
  },
  "0051_site_leases": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("site_leases")
        .addColumn("site_id", "text", (c) => c.primaryKey())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("until", "text", (c) => c.notNull())
        .execute();
    },
  },
};

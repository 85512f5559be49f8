import type { Kysely, Migration } from "kysely";

export const interceptMigrations: Record<string, Migration> = {
  "0070_intercept": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("intercept_rings")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name_zh", "text", (c) => c.notNull())
        .addColumn("name_en", "text", (c) => c.notNull())
        .addColumn("level", "text", (c) => c.notNull())
        .addColumn("polygon", "text", (c) => c.notNull())
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("intercept_checkpoints")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("ring_id", "text")
        .addColumn("name_zh", "text", (c) => c.notNull())
        .addColumn("name_en", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("lat", "double precision", (c) => c.notNull())
        .addColumn("lon", "double precision", (c) => c.notNull())
        .addColumn("snap_m", "double precision", (c) => c.notNull())
        .addColumn("staffing", "integer", (c) => c.notNull())
        .addColumn("activation_minutes", "double precision", (c) => c.notNull())
        .addColumn("active", "integer", (c) => c.notNull())
        .addColumn("activated_at", "text")
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("intercept_checkpoints_ring").on("intercept_checkpoints").column("ring_id").execute();
      await db.schema
        .createTable("watch_orders")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("incident_id", "text", (c) => c.notNull())
        .addColumn("plate", "text")
        .addColumn("vehicle", "text")
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("checkpoint_ids", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("closed_at", "text")
        .addColumn("closed_by", "text")
        .addColumn("close_reason", "text")
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("watch_orders_incident").on("watch_orders").column("incident_id").execute();
      await db.schema.createIndex("watch_orders_status").on("watch_orders").columns(["status", "expires_at"]).execute();
      await db.schema
        .createTable("watch_order_reports")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("order_id", "text", (c) => c.notNull())
        .addColumn("incident_id", "text", (c) => c.notNull())
        .addColumn("checkpoint_id", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("reported_by", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("plan_id", "text")
        .execute();
      await db.schema.createIndex("watch_order_reports_order").on("watch_order_reports").column("order_id").execute();
      await db.schema
        .createTable("intercept_plans")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("incident_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text")
        .addColumn("trigger", "text", (c) => c.notNull())
        .addColumn("params", "text", (c) => c.notNull())
        .addColumn("result", "text", (c) => c.notNull())
        .addColumn("probability", "double precision", (c) => c.notNull())
        .addColumn("org_path", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("intercept_plan_runs")
        .addColumn("incident_id", "text", (c) => c.primaryKey())
        .addColumn("token", "text", (c) => c.notNull())
        .addColumn("started_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("intercept_plans_incident").on("intercept_plans").columns(["incident_id", "created_at"]).execute();
    },
  },
  "0071_intercept_plan_seq": {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable("intercept_plans")
        .addColumn("seq", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      // Number the plans already stored in the order they were made.
      const rows = await db
        .selectFrom("intercept_plans")
        .select(["id", "incident_id"])
        .orderBy("incident_id")
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      const next = new Map<string, number>();
      for (const r of rows) {
        const seq = (next.get(r.incident_id) ?? 0) + 1;
        next.set(r.incident_id, seq);
        await db.updateTable("intercept_plans").set({ seq }).where("id", "=", r.id).execute();
      }
      await db.schema.createIndex("intercept_plans_seq").unique().on("intercept_plans").columns(["incident_id", "seq"]).execute();
    },
  },
};

import { type Kysely, type Migration, sql } from "kysely";
import { DEFAULT_SERVICES } from "./open311/catalog.ts";

export const governanceMigrations: Record<string, Migration> = {
  "0060_governance": {
    async up(db: Kysely<any>) {
      await createWorkOrderTables(db);
      await createRoutingTables(db);
      await createFollowUpTable(db);
      await createOpen311Tables(db);
      await createBookkeepingTables(db);
      await seedOpen311Services(db);
    },
  },
  "0061_work_order_photos": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("work_order_photos")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("work_order_id", "text", (c) => c.notNull())
        .addColumn("content_type", "text", (c) => c.notNull())
        // bytea in PostgreSQL; SQLite stores a Buffer as a BLOB whatever the declared type.
        .addColumn("bytes", sql`bytea`, (c) => c.notNull())
        .addColumn("size", "integer", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("work_order_photos_order").on("work_order_photos").column("work_order_id").execute();
    },
  },
  "0062_followup_review": {
    async up(db: Kysely<any>) {
      for (const column of ["review_note", "reviewed_by", "reviewed_at"])
        await db.schema.alterTable("followups").addColumn(column, "text").execute();
    },
  },
};

/** Work orders, their timer marks and the timer settings. */
async function createWorkOrderTables(db: Kysely<any>) {
  await db.schema
    .createTable("work_orders")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("incident_id", "text", (c) => c.notNull())
    .addColumn("incident_org_path", "text", (c) => c.notNull())
    .addColumn("station_id", "text")
    .addColumn("town_id", "text", (c) => c.notNull())
    .addColumn("org_path", "text", (c) => c.notNull())
    .addColumn("category_code", "text", (c) => c.notNull())
    .addColumn("skill", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("address", "text")
    .addColumn("lat", "double precision", (c) => c.notNull())
    .addColumn("lon", "double precision", (c) => c.notNull())
    .addColumn("assignee_id", "text")
    .addColumn("team_skill", "text")
    .addColumn("decline_count", "integer", (c) => c.notNull())
    .addColumn("last_decline_reason", "text")
    .addColumn("escalated_incident_id", "text")
    .addColumn("escalation_reason", "text")
    .addColumn("reopen_count", "integer", (c) => c.notNull())
    .addColumn("clock_start_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("dispatched_at", "text")
    .addColumn("taken_at", "text")
    .addColumn("on_scene_at", "text")
    .addColumn("handled_at", "text")
    .addColumn("feedback_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("followed_up_at", "text")
    .addColumn("escalated_at", "text")
    .addColumn("handled_note", "text")
    .addColumn("feedback_note", "text")
    .addColumn("photo_url", "text")
    .addColumn("close_note", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("work_orders_status").on("work_orders").columns(["status", "org_path"]).execute();
  await db.schema.createIndex("work_orders_incident").on("work_orders").column("incident_id").execute();
  await db.schema.createIndex("work_orders_assignee").on("work_orders").columns(["assignee_id", "status"]).execute();

  await db.schema
    .createTable("work_order_timer_marks")
    .addColumn("work_order_id", "text", (c) => c.notNull())
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("work_order_timer_marks_pk", ["work_order_id", "round", "stage", "level"])
    .execute();

  await db.schema
    .createTable("governance_timers")
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("category_code", "text", (c) => c.notNull())
    .addColumn("seconds", "integer", (c) => c.notNull())
    .addColumn("warn_seconds", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("governance_timers_pk", ["stage", "category_code"])
    .execute();
}

/** Routing rules, town field staff and 12345 transfers. */
async function createRoutingTables(db: Kysely<any>) {
  await db.schema
    .createTable("routing_rules")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("category_code", "text", (c) => c.notNull())
    .addColumn("area_path", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("skill", "text")
    .addColumn("note", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("routing_rules_key", ["category_code", "area_path"])
    .execute();

  await db.schema
    .createTable("governance_workers")
    .addColumn("user_id", "text", (c) => c.primaryKey())
    .addColumn("town_id", "text", (c) => c.notNull())
    .addColumn("org_path", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("skills", "text", (c) => c.notNull())
    .addColumn("team", "text")
    .addColumn("on_duty", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("governance_workers_town").on("governance_workers").column("town_id").execute();

  await db.schema
    .createTable("hotline_transfers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().unique())
    .addColumn("category_code", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("org_path", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("transferred_by", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
}

async function createFollowUpTable(db: Kysely<any>) {
  await db.schema
    .createTable("followups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("incident_id", "text", (c) => c.notNull())
    .addColumn("work_order_id", "text")
    .addColumn("station_id", "text")
    .addColumn("town_id", "text")
    .addColumn("category_code", "text", (c) => c.notNull())
    .addColumn("org_path", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("due_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("reached", "integer")
    .addColumn("satisfied", "integer")
    .addColumn("comment", "text")
    .addColumn("recorded_by", "text")
    .addColumn("recorded_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("followups_subject", ["subject_type", "subject_id", "round"])
    .execute();
  await db.schema.createIndex("followups_status").on("followups").columns(["status", "due_at"]).execute();
}

async function createOpen311Tables(db: Kysely<any>) {
  await db.schema
    .createTable("open311_services")
    .addColumn("service_code", "text", (c) => c.primaryKey())
    .addColumn("category_code", "text", (c) => c.notNull())
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("description_zh", "text")
    .addColumn("description_en", "text")
    .addColumn("group_name", "text")
    .addColumn("keywords", "text")
    .addColumn("attributes", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("open311_api_keys")
    .addColumn("key_hash", "text", (c) => c.primaryKey())
    .addColumn("client_name", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("open311_requests")
    .addColumn("service_request_id", "text", (c) => c.primaryKey())
    .addColumn("token", "text", (c) => c.notNull().unique())
    .addColumn("incident_id", "text", (c) => c.notNull().unique())
    .addColumn("work_order_id", "text")
    .addColumn("transfer_id", "text")
    .addColumn("route", "text", (c) => c.notNull())
    .addColumn("service_code", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("address", "text")
    .addColumn("lat", "double precision", (c) => c.notNull())
    .addColumn("lon", "double precision", (c) => c.notNull())
    .addColumn("media_url", "text")
    .addColumn("email", "text")
    .addColumn("account_id", "text")
    .addColumn("device_id", "text")
    .addColumn("attributes", "text", (c) => c.notNull())
    .addColumn("client_name", "text", (c) => c.notNull())
    .addColumn("requested_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("open311_requests_at").on("open311_requests").column("requested_at").execute();
}

/** Number counters and event-log cursors of the module's background work. */
async function createBookkeepingTables(db: Kysely<any>) {
  await db.schema
    .createTable("governance_counters")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("governance_cursors")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull())
    .execute();
}

async function seedOpen311Services(db: Kysely<any>) {
  // Reference data every deployment needs: the citizen-facing Open311 service list.
  for (const s of DEFAULT_SERVICES) {
    await db
      .insertInto("open311_services")
      .values({ ...s, attributes: JSON.stringify(s.attributes), active: 1 })
      .execute();
  }
}

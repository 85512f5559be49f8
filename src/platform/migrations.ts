import { type Kysely, type Migration, sql } from "kysely";
import { GENESIS } from "./audit.ts";

/** Platform tables: the event log, the audit chain and idempotency keys. */
export const platformMigrations: Record<string, Migration> = {
  "0001_platform": {
    async up(db: Kysely<any>) {
      const isPg = await isPostgres(db);
      await db.schema
        .createTable("events")
        .addColumn("seq", isPg ? "bigserial" : "integer", (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("stream", "text", (c) => c.notNull())
        .addColumn("stream_id", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("actor_id", "text")
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("events_stream").on("events").columns(["stream", "stream_id", "seq"]).execute();

      await db.schema
        .createTable("audit_log")
        .addColumn("seq", isPg ? "bigserial" : "integer", (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("actor_id", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("subject_type", "text", (c) => c.notNull())
        .addColumn("subject_id", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("org_path", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("audit_head")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
      await db.insertInto("audit_head").values({ id: 1, hash: GENESIS }).execute();

      await db.schema
        .createTable("idempotency_keys")
        .addColumn("actor_id", "text", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("request_hash", "text", (c) => c.notNull())
        .addColumn("status", "integer", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("idempotency_keys_pk", ["actor_id", "key"])
        .execute();
    },
  },
};

export async function isPostgres(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ v: string }>`select version() as v`.execute(db).catch(() => null);
  return !!r?.rows[0]?.v?.toLowerCase().includes("postgres");
}

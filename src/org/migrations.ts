import type { Kysely, Migration } from "kysely";

export const orgMigrations: Record<string, Migration> = {
  "0010_org": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("orgs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("parent_id", "text", (c) => c.references("orgs.id"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("code", "text")
        .addColumn("name_zh", "text", (c) => c.notNull())
        .addColumn("name_en", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull().unique())
        .addColumn("area_type", "text")
        .addColumn("polygon", "text")
        .addColumn("lat", "double precision")
        .addColumn("lon", "double precision")
        .addColumn("leader_user_id", "text")
        .execute();
      await db.schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("username", "text", (c) => c.notNull().unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("org_id", "text", (c) => c.notNull().references("orgs.id"))
        .addColumn("unit_id", "text")
        .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("sessions")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  // Sign-in attempts per user name, for the lock-out every process must agree on (login-limits.ts).
  // Numbered after every existing migration, not 001x: migrations run in name order and a name
  // sorting before one a database has already run is refused as a corrupted history.
  "0080_login_attempts": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("login_attempts")
        .addColumn("username", "text", (c) => c.primaryKey())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("window_started_at", "text", (c) => c.notNull())
        .addColumn("locked_until", "text")
        .addColumn("lockouts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_attempt_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("login_attempts_last").on("login_attempts").column("last_attempt_at").execute();
      // Revoking or deactivating deletes a user's sessions by user.
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
    },
  },
};

import type { Kysely, Migration } from "kysely";

export const addressMigrations: Record<string, Migration> = {
  "0040_addresses": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("addresses")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("search_text", "text", (c) => c.notNull())
        .addColumn("street", "text")
        .addColumn("house_number", "text")
        .addColumn("lat", "double precision", (c) => c.notNull())
        .addColumn("lon", "double precision", (c) => c.notNull())
        .addColumn("zone_id", "text")
        .addColumn("org_path", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("addresses_search").on("addresses").column("search_text").execute();
    },
  },
};

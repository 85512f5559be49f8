import type { Migration } from "kysely";

export const interceptMigrations: Record<string, Migration> = {};

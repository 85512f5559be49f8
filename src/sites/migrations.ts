import type { Migration } from "kysely";

export const sitesMigrations: Record<string, Migration> = {};

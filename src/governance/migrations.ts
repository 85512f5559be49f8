import type { Migration } from "kysely";

export const governanceMigrations: Record<string, Migration> = {};

/**
 * All migrations, in the order their names sort: platform 00xx, org 001x, incidents 002x, dispatch 003x, addresses 004x,
 * sites 005x, governance 006x, intercept 007x. From 0080 on, numbers follow the order migrations are
 * written, whatever their module: a database that has run 0079 refuses a newer 0015.
 */
import type { Migration } from "kysely";
import { addressMigrations } from "./addresses/migrations.ts";
import { dispatchMigrations } from "./dispatch/migrations.ts";
import { governanceMigrations } from "./governance/migrations.ts";
import { incidentMigrations } from "./incidents/migrations.ts";
import { interceptMigrations } from "./intercept/migrations.ts";
import { orgMigrations } from "./org/migrations.ts";
import { platformMigrations } from "./platform/migrations.ts";
import { sitesMigrations } from "./sites/migrations.ts";

export const migrations: Record<string, Migration> = {
  ...platformMigrations,
  ...orgMigrations,
  ...incidentMigrations,
  ...dispatchMigrations,
  ...addressMigrations,
  ...sitesMigrations,
  ...governanceMigrations,
  ...interceptMigrations,
};

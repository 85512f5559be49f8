/** The whole database, composed from the tables each module owns. */
import type { AddressTables } from "./addresses/tables.ts";
import type { DispatchTables } from "./dispatch/tables.ts";
import type { GovernanceTables } from "./governance/tables.ts";
import type { IncidentTables } from "./incidents/tables.ts";
import type { InterceptTables } from "./intercept/tables.ts";
import type { OrgTables } from "./org/tables.ts";
import type { PlatformAuditTables } from "./platform/audit.ts";
import type { PlatformEventTables } from "./platform/events.ts";
import type { PlatformIdempotencyTables } from "./platform/idempotency.ts";
import type { SitesTables } from "./sites/tables.ts";

export interface Database
  extends PlatformEventTables,
    PlatformAuditTables,
    PlatformIdempotencyTables,
    OrgTables,
    IncidentTables,
    DispatchTables,
    AddressTables,
    SitesTables,
    GovernanceTables,
    InterceptTables {}

/**
 * The organisation tree, roles and permissions.
 *
 * Police branch: city bureau > district bureau (分局) > station (派出所) > patrol zone (防区).
 * Governance branch: district > town/street (镇街) > village/community (村/社区).
 * Each org has a materialised path (`/hz/330102/zhalongkou/z1/`); a user acts within the subtree of
 * their org, and every scoped row carries the path of the org it belongs to, so "in scope" is a
 * prefix test in memory and a `LIKE 'path%'` in SQL.
 */

export const ORG_KINDS = ["city", "district", "station", "zone", "town", "village"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Response targets differ by area: core (核心区), urban (城区), suburban (郊区). */
export const AREA_TYPES = ["core", "urban", "suburban"] as const;
export type AreaType = (typeof AREA_TYPES)[number];

export interface Org {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  /** GB/T 2260 division code for districts, towns and villages. */
  code: string | null;
  nameZh: string;
  nameEn: string;
  path: string;
  areaType: AreaType | null;
  /** GeoJSON Polygon coordinates for zones (and optionally towns). */
  polygon: [number, number][][] | null;
  lat: number | null;
  lon: number | null;
  /** 防区 zone leader. */
  leaderUserId: string | null;
}

/** Org ids become path segments and LIKE prefixes, so they must not contain `/`, `%` or `_`. */
export const ORG_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Sign-in names: typed on a command-room keyboard and shown in logs, so plain ASCII. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{2,64}$/;

export const PERMISSIONS = [
  "incident:create",
  "incident:read",
  "incident:update",
  "incident:close",
  "incident:cancel",
  "caller:read",
  "dispatch:recommend",
  "dispatch:assign",
  "unit:read",
  "unit:status",
  "unit:status:own",
  "unit:avl",
  "unit:admin",
  "org:read",
  "org:admin",
  "user:admin",
  "plan:read",
  "plan:admin",
  "analytics:read",
  "audit:read",
  "events:stream",
  "workorder:read",
  "workorder:manage",
  "workorder:work",
  "followup:record",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  "admin",
  "call_taker",
  "dispatcher",
  "station_commander",
  "officer",
  "analyst",
  "auditor",
  "town_dispatcher",
  "field_worker",
  "followup_caller",
] as const;
export type Role = (typeof ROLES)[number];

const callTaker: Permission[] = [
  "incident:create",
  "incident:read",
  "incident:update",
  "caller:read",
  "dispatch:recommend",
  "unit:read",
  "org:read",
  "plan:read",
  "events:stream",
  "workorder:read",
];
const dispatcher: Permission[] = [
  ...callTaker,
  "dispatch:assign",
  "incident:close",
  "incident:cancel",
  "unit:status",
  "unit:avl",
  "analytics:read",
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  call_taker: new Set(callTaker),
  dispatcher: new Set(dispatcher),
  // The station command room (综合指挥室) triages and dispatches at station level.
  station_commander: new Set(dispatcher),
  officer: new Set<Permission>(["incident:read", "caller:read", "unit:read", "unit:status:own", "unit:avl", "org:read", "events:stream"]),
  analyst: new Set<Permission>(["incident:read", "unit:read", "org:read", "plan:read", "analytics:read", "events:stream"]),
  auditor: new Set<Permission>(["audit:read", "incident:read", "org:read", "analytics:read"]),
  // 镇街综合治理指挥中心: dispatches work orders (派单) within its town.
  town_dispatcher: new Set<Permission>(["workorder:read", "workorder:manage", "org:read", "events:stream", "analytics:read"]),
  // 网格员, 城管, 调解员 …: takes (接单) and works the orders assigned to them.
  field_worker: new Set<Permission>(["workorder:read", "workorder:work", "org:read"]),
  // 回访员: calls back after a case closes and records satisfaction.
  followup_caller: new Set<Permission>(["followup:record", "incident:read", "workorder:read", "caller:read", "org:read"]),
};

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: "系统管理员", en: "Administrator" },
  call_taker: { zh: "接警员", en: "Call-taker" },
  dispatcher: { zh: "调度员", en: "Dispatcher" },
  station_commander: { zh: "派出所综合指挥室", en: "Station command room" },
  officer: { zh: "民警", en: "Officer" },
  analyst: { zh: "分析员", en: "Analyst" },
  auditor: { zh: "审计员", en: "Auditor" },
  town_dispatcher: { zh: "镇街指挥中心调度员", en: "Town centre dispatcher" },
  field_worker: { zh: "网格员/处置人员", en: "Field worker" },
  followup_caller: { zh: "回访员", en: "Follow-up caller" },
};

/** Who is acting. Built once per request from the session. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgPath: string;
  /** For officers: the unit they crew today. */
  unitId: string | null;
}

export function can(actor: Actor, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].has(permission);
}

export function inScope(actor: Pick<Actor, "orgPath">, orgPath: string): boolean {
  return orgPath.startsWith(actor.orgPath);
}

/** Rings (圈层), checkpoints and watch orders (布控): vocabulary and defaults. */

/** 常态 standby, 预警 alert, 重大活动/战时 event period. */
export const RING_LEVELS = ["standby", "alert", "event"] as const;
export type RingLevel = (typeof RING_LEVELS)[number];

/** 公安检查站 (permanent) or 临时卡点 (ad hoc, set up when an alert needs it). */
export const CHECKPOINT_KINDS = ["permanent", "adhoc"] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

export const WATCH_ORDER_STATUSES = ["active", "lifted", "expired"] as const;
export type WatchOrderStatus = (typeof WATCH_ORDER_STATUSES)[number];

export const REPORT_KINDS = ["hit", "pass_through"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Default planning horizons: a city plan looks 30 min ahead, a ring plan 3 h. */
export const DEFAULT_HORIZON_MINUTES = { city: 30, ring: 180 } as const;
/**
 * Travel modes and the suspect speed factor each implies when none is given. Every mode drives the
 * same drivable road graph; the factor only scales free-flow times.
 */
export const TRAVEL_MODES = { car: 1, motorcycle: 1.1, truck: 0.85 } as const;
export type TravelMode = keyof typeof TRAVEL_MODES;

/** How many checkpoints a plan may switch on unless the caller says otherwise. */
export const DEFAULT_MAX_ACTIVATIONS = 8;
/** Watch orders expire after this unless the caller gives a time (hours). */
export const DEFAULT_ORDER_HOURS = 6;
export const MAX_ORDER_HOURS = 72;

export interface RingView {
  id: string;
  nameZh: string;
  nameEn: string;
  level: RingLevel;
  polygon: [number, number][][];
  checkpointCount: number;
  version: number;
}

export interface CheckpointView {
  id: string;
  ringId: string | null;
  nameZh: string;
  nameEn: string;
  kind: CheckpointKind;
  lat: number;
  lon: number;
  snapMeters: number;
  staffing: number;
  activationMinutes: number;
  active: boolean;
  activatedAt: string | null;
  version: number;
}

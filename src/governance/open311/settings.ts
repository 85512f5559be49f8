/**
 * What Open311 shows to whom, per process: the configuration's values (platform/config.ts),
 * checked when the routes are registered (an unknown value stops the start rather than showing
 * more than meant); `configureOpen311(ctx, …)` overrides it in code.
 */
import type { AppContext } from "../../context.ts";
import type { Config } from "../../platform/config.ts";

/** The citizen's description in public reads: masked (phone, ID card, flat numbers …), not shown, or as written. */
export const PUBLIC_DESCRIPTIONS = ["filtered", "withheld", "full"] as const;
export type PublicDescription = (typeof PUBLIC_DESCRIPTIONS)[number];
/** Reads of requests and tokens: open to anyone, as GeoReport v2 has them, or only with a registered api_key. */
export const READ_API_KEY = ["optional", "required"] as const;
export type ReadApiKey = (typeof READ_API_KEY)[number];

export interface Open311Settings {
  publicDescription: PublicDescription;
  readApiKey: ReadApiKey;
}

function choice<T extends string>(v: string | null, name: string, allowed: readonly T[], fallback: T): T {
  if (v === null || v === "") return fallback;
  if (!allowed.includes(v as T)) throw new Error(`${name}=${v}: must be one of ${allowed.join(", ")}`);
  return v as T;
}

/** The configured values, checked: an unknown one is an error naming its variable. */
export function open311SettingsFrom(raw: Config["open311"]): Open311Settings {
  return {
    publicDescription: choice(raw.publicDescription, "OPEN311_PUBLIC_DESCRIPTION", PUBLIC_DESCRIPTIONS, "filtered"),
    readApiKey: choice(raw.readApiKey, "OPEN311_READ_API_KEY", READ_API_KEY, "optional"),
  };
}

const settings = new WeakMap<AppContext, Open311Settings>();

export function open311Settings(ctx: AppContext): Open311Settings {
  let s = settings.get(ctx);
  if (!s) {
    s = open311SettingsFrom(ctx.config.open311);
    settings.set(ctx, s);
  }
  return s;
}

export function configureOpen311(ctx: AppContext, change: Partial<Open311Settings>): Open311Settings {
  return Object.assign(open311Settings(ctx), change);
}

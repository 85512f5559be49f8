/**
 * The dispatch module's settings, per process: the configuration's values (platform/config.ts),
 * checked when the routes are registered, so an unknown unit type stops the start instead of
 * silently leaving a street unit out of the first-responder choice.
 */
import type { AppContext } from "../context.ts";
import type { Config } from "../platform/config.ts";
import { DEFAULT_STREET_UNIT_TYPES, UNIT_TYPE_CODES, type UnitType } from "./model.ts";

export interface DispatchSettings {
  /** The unit types that may go first (就近先行) to an in-progress or urgent call. */
  streetUnitTypes: ReadonlySet<UnitType>;
}

/** The configured values, checked: an unknown unit type is an error naming its variable. */
export function dispatchSettingsFrom(raw: Config["dispatch"]): DispatchSettings {
  const codes = raw.streetUnitTypes ?? DEFAULT_STREET_UNIT_TYPES;
  for (const c of codes) {
    if (!(UNIT_TYPE_CODES as readonly string[]).includes(c)) {
      throw new Error(`DISPATCH_STREET_UNIT_TYPES=${codes.join(",")}: ${c} is not a unit type (${UNIT_TYPE_CODES.join(", ")})`);
    }
  }
  return { streetUnitTypes: new Set(codes as UnitType[]) };
}

const settings = new WeakMap<AppContext, DispatchSettings>();

export function dispatchSettings(ctx: AppContext): DispatchSettings {
  let s = settings.get(ctx);
  if (!s) {
    s = dispatchSettingsFrom(ctx.config.dispatch);
    settings.set(ctx, s);
  }
  return s;
}

/** Strings of the settings view: the routing rules and work-order timers of the non-police loop. */
export const SETTINGS_STRINGS = {
  "nav.settings": ["分流设置", "Routing settings"],
} as const satisfies Record<string, readonly [string, string]>;

/** Web Mercator at zoom 0 (256-pixel world), the same projection Leaflet's default CRS uses. */
export const projectX = (lon: number): number => ((lon + 180) / 360) * 256;
export const projectY = (lat: number): number => {
  const s = Math.sin((Math.max(-85.0511287798, Math.min(85.0511287798, lat)) * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
};

/** Road classes, most minor first: they are drawn in this order so major roads lie on top. */
export const CLASSES = ["residential", "tertiary", "secondary", "primary", "trunk", "motorway"] as const;
export const CLASS_INDEX: Record<string, number> = Object.fromEntries(CLASSES.map((c, i) => [c, i]));

export interface RoadStyle {
  minZoom: number;
  colour: string;
  casing: string | null;
  width: number;
}

/**
 * A quiet, light base map in the style of printed street maps: white streets with grey edges,
 * soft yellow and peach arterials. No red or orange, which belong to incidents and busy units.
 * Minor roads appear only when zoomed in.
 */
export const ROAD_STYLES: Record<(typeof CLASSES)[number], RoadStyle> = {
  residential: { minZoom: 15, colour: "#ffffff", casing: "#d5dae0", width: 1.4 },
  tertiary: { minZoom: 14, colour: "#ffffff", casing: "#cdd3da", width: 1.8 },
  secondary: { minZoom: 12, colour: "#f6f7e8", casing: "#c9cfb5", width: 2.2 },
  primary: { minZoom: 10, colour: "#fdeab2", casing: "#d9c27a", width: 2.8 },
  trunk: { minZoom: 8, colour: "#fbd9a8", casing: "#d6ac6f", width: 3.2 },
  motorway: { minZoom: 6, colour: "#f7c6a5", casing: "#cf9a78", width: 3.6 },
};

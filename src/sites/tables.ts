/** Tables owned by the sites module. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the module grows
export type SitesTables = {};

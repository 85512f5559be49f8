/** Tables owned by the intercept module. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the module grows
export type InterceptTables = {};

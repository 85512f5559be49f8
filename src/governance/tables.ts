/** Tables owned by the governance module. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the module grows
export type GovernanceTables = {};

export { refreshAggregations, rebuildAllAggregations, type RefreshCounts, type RefreshInput, type RebuildResult } from "./refresh.ts";
export type { SqlClient, SqlClientOrDb } from "./sql-client.ts";

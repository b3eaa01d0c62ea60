export * from "./dashboard.ts";
export { goalVsActualSeries, type GoalSeriesInput, type GoalSeriesPoint } from "./goal-series.ts";
export { buckets, bucketPieces, planPieces, readAggregations, type ReadInput, type ReadResult, type ReadTarget, type TargetResult } from "./reader.ts";

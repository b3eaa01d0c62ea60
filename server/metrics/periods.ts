/**
 * Calendar math for metrics: the one import for dates, grains, named ranges
 * and range query planning. All dates are ISO `YYYY-MM-DD` strings (UTC
 * calendar days); the pieces live in small modules re-exported here.
 */
export * from "./iso-date.ts";
export * from "./period-grains.ts";
export * from "./ranges.ts";
export * from "./range-plan.ts";

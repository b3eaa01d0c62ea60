export type { Blank, Cell, ErrorCode, Failure, ParseResult, Success } from "./result.ts";
export { hasValue } from "./result.ts";
export { normaliseSpaces } from "./cell.ts";
export type { DecimalSeparator } from "./numeric-text.ts";
export { parseCurrency, type CurrencyOptions, type CurrencyResult } from "./currency.ts";
export { parseInteger, parseNumber, type NumberOptions } from "./number.ts";
export { parsePercent, type PercentAssume, type PercentOptions } from "./percent.ts";
export { DATE_FORMATS, parseDate, type DateFormat, type DateOptions, type DateResult } from "./date.ts";
export { inferDateOrder } from "./date-order.ts";
export { matchesTabPattern, parseMonthTab, tabPatternProblem, type MonthTab } from "./month-tab.ts";
export { parseProviderName, parseText, providerKey, type ProviderResult } from "./text.ts";
export {
  TRANSFORM_KINDS,
  transformCell,
  transformers,
  transformSpecSchema,
  type TransformContext,
  type TransformKind,
  type TransformOptions,
  type TransformResult,
  type TransformSpec,
  type Transformer,
} from "./registry.ts";

export {
  FIELD_KEYS,
  TARGET_FIELDS,
  getField,
  isFieldKey,
  type FieldKey,
  type FieldKind,
  type TargetField,
  type TargetTable,
} from "./fields.ts";
export { normaliseHeader, type NormalisedHeader } from "./normalise.ts";
export { editDistance } from "./distance.ts";
export { scoreHeader, type Candidate, type MatchReason } from "./header-score.ts";
export { inferValueShape, type ValueShape } from "./value-shape.ts";
export {
  MIN_CONFIDENCE,
  suggestMappings,
  type ColumnSuggestion,
  type MappingSuggestions,
  type SuggestOptions,
} from "./suggest.ts";

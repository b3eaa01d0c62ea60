/**
 * The metric fields an import can write, with header synonyms collected from
 * real dental KPI sheets (front-desk trackers, Dentrix/Eaglesoft/Open Dental
 * exports, consultant templates).
 *
 *  - `synonyms` are whole headers that mean this field (compared after normalising).
 *  - `shortAliases` are short, ambiguous abbreviations (NP, NS, DOS, …) that only
 *    count when they are the entire header, never as part of a longer one.
 *  - `weakSynonyms` are plausible but uncertain meanings; they win only when no
 *    better column claims the field (e.g. "Broken Appts" → cancellations once
 *    "No Shows" has taken no-shows).
 */

export const FIELD_KEYS = [
  "date",
  "provider",
  "gross_production",
  "adjustments",
  "write_offs",
  "collections",
  "refunds",
  "appointments_scheduled",
  "appointments_completed",
  "appointments_cancelled",
  "appointments_no_show",
  "booked_minutes",
  "available_minutes",
  "calls_total",
  "calls_answered",
  "calls_voicemail",
  "calls_appointments_booked",
  "patients_new",
  "patients_active",
  "patients_reactivated",
  "patients_lost",
] as const;

export type FieldKey = (typeof FIELD_KEYS)[number];
/** 'all' = written to every table (the row's date and provider). */
export type TargetTable = "all" | "financial" | "appointments" | "calls" | "patients";
export type FieldKind = "date" | "provider" | "currency" | "integer";

export interface TargetField {
  key: FieldKey;
  label: string;
  table: TargetTable;
  kind: FieldKind;
  required: boolean;
  synonyms: readonly string[];
  shortAliases: readonly string[];
  weakSynonyms: readonly string[];
}

type FieldInit = Omit<TargetField, "required" | "shortAliases" | "weakSynonyms"> &
  Partial<Pick<TargetField, "required" | "shortAliases" | "weakSynonyms">>;

function field(init: FieldInit): TargetField {
  return { required: false, shortAliases: [], weakSynonyms: [], ...init };
}

export const TARGET_FIELDS: readonly TargetField[] = [
  field({
    key: "date",
    label: "Date",
    table: "all",
    kind: "date",
    required: true,
    synonyms: [
      "date of service", "service date", "appt date", "appointment date", "visit date", "posted date",
      "post date", "posting date", "transaction date", "entry date", "report date", "business date",
      "work date", "week ending", "week of", "month",
    ],
    shortAliases: ["day", "dos", "dt", "wk", "week", "period"],
  }),
  field({
    key: "provider",
    label: "Provider",
    table: "all",
    kind: "provider",
    synonyms: [
      "provider name", "doctor", "doctor name", "dentist", "hygienist", "clinician", "practitioner",
      "rendering provider", "treating provider", "billing provider", "provider id", "dr name",
    ],
    shortAliases: ["dr", "doc", "prov", "rdh"],
  }),
  field({
    key: "gross_production",
    label: "Gross Production",
    table: "financial",
    kind: "currency",
    synonyms: [
      "production", "total production", "gross prod", "total prod", "prod total", "production total",
      "gross", "gross production total", "practice production", "office production", "total office production",
      "charges", "total charges", "gross charges", "production $",
    ],
    shortAliases: ["prod"],
  }),
  field({
    key: "adjustments",
    label: "Adjustments",
    table: "financial",
    kind: "currency",
    synonyms: ["adjustment", "total adjustments", "adjs", "net adjustments", "adjustments total"],
    shortAliases: ["adj"],
  }),
  field({
    key: "write_offs",
    label: "Write-offs",
    table: "financial",
    kind: "currency",
    synonyms: [
      "write off", "writeoffs", "total write offs", "ins write offs", "insurance write offs",
      "ppo write offs", "ppo w/o", "ins w/o", "w/o",
    ],
    shortAliases: ["wo"],
  }),
  field({
    key: "collections",
    label: "Collections",
    table: "financial",
    kind: "currency",
    synonyms: [
      "collection", "net collections", "total collections", "collected", "amount collected",
      "total collected", "payments", "total payments", "payments received", "collections total", "receipts",
    ],
    shortAliases: ["coll", "colls", "pmts"],
  }),
  field({
    key: "refunds",
    label: "Refunds",
    table: "financial",
    kind: "currency",
    synonyms: ["refund", "refunded", "refunds issued", "patient refunds", "pt refunds", "total refunds"],
  }),
  field({
    key: "appointments_scheduled",
    label: "Appointments Scheduled",
    table: "appointments",
    kind: "integer",
    synonyms: [
      "scheduled", "appts scheduled", "scheduled appts", "scheduled appointments", "appts sched",
      "sched appts", "total scheduled", "appts on schedule", "patients scheduled", "pts scheduled",
    ],
    shortAliases: ["sched"],
    weakSynonyms: ["appts booked", "booked appts", "total appts", "appts", "appointments"],
  }),
  field({
    key: "appointments_completed",
    label: "Appointments Completed",
    table: "appointments",
    kind: "integer",
    synonyms: [
      "completed", "appts completed", "completed appts", "completed appointments", "pts seen",
      "patients seen", "seen", "kept", "kept appts", "kept appointments", "visits", "patient visits",
      "completed visits",
    ],
  }),
  field({
    key: "appointments_cancelled",
    label: "Appointments Cancelled",
    table: "appointments",
    kind: "integer",
    synonyms: [
      "cancelled", "canceled", "cancellations", "cancels", "cancelled appts", "canceled appts",
      "appts cancelled", "appts canceled", "cancelled appointments",
    ],
    shortAliases: ["canc", "cxl", "cxls"],
    weakSynonyms: ["broken appts", "broken appointments", "broken"],
  }),
  field({
    key: "appointments_no_show",
    label: "No-shows",
    table: "appointments",
    kind: "integer",
    synonyms: [
      "no shows", "no show", "no show appts", "no showed", "failed to appear", "failed appts",
      "failed appointments", "missed appts", "missed appointments", "broken appts", "broken appointments",
      "broken",
    ],
    shortAliases: ["ns", "fta", "ftas"],
  }),
  field({
    key: "booked_minutes",
    label: "Booked Minutes",
    table: "appointments",
    kind: "integer",
    synonyms: [
      "booked mins", "minutes booked", "scheduled minutes", "scheduled mins", "sched minutes",
      "booked time", "scheduled time", "booked chair minutes", "chair minutes booked",
    ],
  }),
  field({
    key: "available_minutes",
    label: "Available Minutes",
    table: "appointments",
    kind: "integer",
    synonyms: [
      "avail mins", "available mins", "minutes available", "available time", "available chair minutes",
      "chair minutes available", "capacity minutes", "capacity",
    ],
  }),
  field({
    key: "calls_total",
    label: "Total Calls",
    table: "calls",
    kind: "integer",
    synonyms: [
      "calls", "inbound calls", "incoming calls", "calls in", "calls received", "call volume",
      "phone calls", "total inbound calls", "total phone calls", "number of calls",
    ],
  }),
  field({
    key: "calls_answered",
    label: "Calls Answered",
    table: "calls",
    kind: "integer",
    synonyms: ["answered", "answered calls", "calls picked up", "live answered", "calls answered live"],
  }),
  field({
    key: "calls_voicemail",
    label: "Calls to Voicemail",
    table: "calls",
    kind: "integer",
    synonyms: ["voicemail", "voicemails", "voicemails left", "went to voicemail", "went to vm", "vms"],
    shortAliases: ["vm"],
  }),
  field({
    key: "calls_appointments_booked",
    label: "Appointments Booked from Calls",
    table: "calls",
    kind: "integer",
    synonyms: [
      "appts booked", "appointments booked", "booked", "booked appts", "calls booked", "booked from calls",
      "appts booked from calls", "calls converted", "converted calls", "conversions", "calls to appts",
    ],
  }),
  field({
    key: "patients_new",
    label: "New Patients",
    table: "patients",
    kind: "integer",
    synonyms: ["new pts", "new pt", "new patient", "new patient count", "nps", "new patients seen"],
    shortAliases: ["np"],
  }),
  field({
    key: "patients_active",
    label: "Active Patients",
    table: "patients",
    kind: "integer",
    synonyms: ["active pts", "active", "active patient count", "active patient base", "patient base"],
  }),
  field({
    key: "patients_reactivated",
    label: "Reactivated Patients",
    table: "patients",
    kind: "integer",
    synonyms: ["reactivated", "reactivated pts", "reactivations", "patients reactivated", "reactivation"],
    shortAliases: ["react"],
  }),
  field({
    key: "patients_lost",
    label: "Lost Patients",
    table: "patients",
    kind: "integer",
    synonyms: ["lost pts", "patients lost", "lost", "attrition", "patients inactivated", "inactivated patients"],
  }),
];

const BY_KEY = new Map<string, TargetField>(TARGET_FIELDS.map((f) => [f.key, f]));

export function isFieldKey(value: string): value is FieldKey {
  return BY_KEY.has(value);
}

export function getField(key: FieldKey): TargetField {
  const f = BY_KEY.get(key);
  if (!f) throw new Error(`Unknown field ${key}`);
  return f;
}

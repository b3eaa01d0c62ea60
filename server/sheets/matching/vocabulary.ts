/**
 * Word lists for header matching: abbreviations folded to one canonical word,
 * filler words, and words that mean a header is not a raw daily metric.
 */

/** Abbreviations and inflections → one canonical token. */
export const CANONICAL: Readonly<Record<string, string>> = {
  appt: "appointment", appts: "appointment", apt: "appointment", apts: "appointment",
  appointment: "appointment", appointments: "appointment",
  pt: "patient", pts: "patient", pat: "patient", pats: "patient", patient: "patient", patients: "patient",
  prod: "production", production: "production", produced: "production",
  coll: "collection", colls: "collection", collection: "collection", collections: "collection",
  collected: "collection",
  pmt: "payment", pmts: "payment", payment: "payment", payments: "payment", paid: "payment",
  adj: "adjustment", adjs: "adjustment", adjustment: "adjustment", adjustments: "adjustment",
  writeoff: "writeoff", writeoffs: "writeoff",
  refund: "refund", refunds: "refund", refunded: "refund",
  sched: "scheduled", schd: "scheduled", schedule: "scheduled", scheduled: "scheduled",
  booked: "booked", booking: "booked", bookings: "booked",
  comp: "completed", compl: "completed", complete: "completed", completed: "completed",
  seen: "seen", kept: "kept", visit: "visit", visits: "visit",
  canc: "cancelled", cxl: "cancelled", cxls: "cancelled", cancel: "cancelled", cancels: "cancelled",
  cancelled: "cancelled", canceled: "cancelled", cancellation: "cancelled", cancellations: "cancelled",
  cancelation: "cancelled", cancelations: "cancelled",
  noshow: "noshow", noshows: "noshow", fta: "noshow", ftas: "noshow",
  broken: "broken", failed: "failed",
  min: "minute", mins: "minute", minute: "minute", minutes: "minute",
  avail: "available", available: "available", availability: "available", capacity: "capacity",
  call: "call", calls: "call", phone: "call", phones: "call",
  inbound: "inbound", incoming: "inbound",
  answered: "answered", answer: "answered", ans: "answered",
  vm: "voicemail", vms: "voicemail", voicemail: "voicemail", voicemails: "voicemail",
  converted: "converted", conversion: "converted", conversions: "converted",
  new: "new", active: "active", lost: "lost", attrition: "lost",
  reactivated: "reactivated", reactivation: "reactivated", reactivations: "reactivated",
  reactivate: "reactivated", react: "reactivated",
  provider: "provider", providers: "provider", prov: "provider",
  doctor: "doctor", doctors: "doctor", dr: "doctor", doc: "doctor", dentist: "doctor",
  hygienist: "hygienist", hygienists: "hygienist",
  hyg: "hygiene", hygiene: "hygiene",
  date: "date", dates: "date", dt: "date",
  gross: "gross", net: "net", insurance: "insurance", ins: "insurance",
};

/** Words that add nothing to a header's meaning ("Total", "Daily", "#", "Amount"). */
export const NOISE = new Set([
  "total", "totals", "tot", "ttl", "daily", "amount", "amt", "count", "cnt", "number", "num", "nbr",
  "no", "qty", "actual", "act", "sum", "of", "the", "for", "a", "today", "todays", "dollars", "usd",
  "value", "values", "all", "overall", "name", "names",
]);

/**
 * Words that make a header something other than a raw daily metric: targets,
 * ratios, running totals, notes, negations ("Unanswered", "Missed Calls").
 * Headers containing one match nothing unless a synonym lists the whole header
 * (e.g. "Missed Appts" is a synonym of no-shows).
 */
export const BLOCKING = new Set([
  "goal", "goals", "target", "targets", "budget", "forecast", "projected", "projection", "plan",
  "variance", "over", "under", "diff", "difference", "vs", "versus", "delta",
  "percent", "percentage", "pct", "rate", "ratio", "avg", "average", "mean", "per",
  "ytd", "mtd", "qtd", "wtd", "cumulative", "running", "prior", "previous", "last", "ly", "yoy", "mom",
  "change", "growth", "trend", "pace",
  "note", "notes", "comment", "comments", "remark", "remarks", "memo",
  "missed", "unanswered", "abandoned", "dropped", "unscheduled", "unbooked", "unavailable",
  "not", "non", "hours", "hour", "hrs", "weekday", "dow",
]);

/** Whole headers (normalised) that never match, whatever their words look like. */
export const NEVER = new Set(["day of week", "day of the week", "hours worked", "over under goal"]);

/** Header words that, with money-shaped values, point at one currency field. */
export const MONEY_HINTS: Readonly<Record<string, "gross_production" | "collections">> = {
  revenue: "gross_production",
  sales: "gross_production",
  fees: "gross_production",
  fee: "gross_production",
  billed: "gross_production",
  billing: "gross_production",
  deposit: "collections",
  deposits: "collections",
  income: "collections",
  cash: "collections",
};

/** Table words a header may leave out: "Cancelled" for "Appointments Cancelled". */
export const CONTEXT_WORDS = new Set(["appointment", "patient", "call"]);

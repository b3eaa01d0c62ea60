/**
 * Scores one header against every target field using its words alone.
 *
 * Confidence bands:
 *  - 1.00 exact label ("Gross Production"), 0.95 listed synonym, 0.90 short alias
 *    or same words in another order/abbreviation ("Prod Gross"), ~0.92 the same
 *    after dropping filler ("Total Gross Production $");
 *  - 0.70–0.85 fuzzy: typos in a word ("Colections", corrected word by word so
 *    that different known words such as "Broken"/"Booked" are never confused),
 *    words run together ("newpatients"), or a header that leaves out the table
 *    word ("Cancelled" for "Appointments Cancelled");
 *  - ≤ 0.30 partial word overlap ("Net Production"): only offered as an alternative;
 *  - weak synonyms score 0.60 at best.
 * A remark in parentheses costs 10%.
 */
import { canonicalise, type CanonicalTokens } from "./canonical.ts";
import { TARGET_FIELDS, type FieldKey } from "./fields.ts";
import { normaliseHeader, type NormalisedHeader } from "./normalise.ts";
import { CANONICAL, CONTEXT_WORDS, NEVER, NOISE } from "./vocabulary.ts";

export type MatchReason = "remembered" | "exact" | "synonym" | "fuzzy" | "value-shape" | "none";

export interface Candidate {
  field: FieldKey;
  confidence: number;
  reason: Exclude<MatchReason, "none">;
}

type EntryKind = "label" | "synonym" | "short" | "weak";

interface Entry {
  field: FieldKey;
  kind: EntryKind;
  text: string;
  canon: CanonicalTokens;
}

const VOCABULARY: ReadonlySet<string> = new Set([
  ...Object.keys(CANONICAL),
  ...TARGET_FIELDS.flatMap((f) => [f.label, ...f.synonyms].flatMap((s) => normaliseHeader(s).tokens)),
]);

const ENTRIES: readonly Entry[] = TARGET_FIELDS.flatMap((f) => {
  const make = (kind: EntryKind, phrase: string): Entry => {
    const n = normaliseHeader(phrase);
    return { field: f.key, kind, text: n.text, canon: canonicalise(n.tokens, VOCABULARY) };
  };
  return [
    make("label", f.label),
    make("label", f.key.replace(/_/g, " ")),
    ...f.synonyms.map((s) => make("synonym", s)),
    ...f.shortAliases.map((s) => make("short", s)),
    ...f.weakSynonyms.map((s) => make("weak", s)),
  ];
});

export interface HeaderScore {
  candidates: Candidate[];
  /** The header says it is a goal, rate, note, … and must not be guessed from its values either. */
  blocked: boolean;
  canon: CanonicalTokens;
}

export function scoreHeader(header: NormalisedHeader): HeaderScore {
  const canon = canonicalise(header.tokens, VOCABULARY);
  if (header.hints.percent || NEVER.has(header.text)) return { candidates: [], blocked: true, canon };

  const withoutFiller = header.tokens.filter((t) => !NOISE.has(t)).join(" ");
  const best = new Map<FieldKey, Candidate>();
  for (const entry of ENTRIES) {
    const c = scoreEntry(entry, header.text, withoutFiller, canon);
    if (!c) continue;
    if (header.hadRemark) c.confidence *= 0.9;
    const previous = best.get(entry.field);
    if (!previous || c.confidence > previous.confidence) best.set(entry.field, c);
  }
  const candidates = [...best.values()].sort((a, b) => b.confidence - a.confidence);
  return { candidates, blocked: canon.blocked && candidates.length === 0, canon };
}

function scoreEntry(entry: Entry, text: string, withoutFiller: string, canon: CanonicalTokens): Candidate | null {
  const { field, kind } = entry;
  const weak = kind === "weak";
  const pick = (confidence: number, reason: Candidate["reason"]): Candidate => ({
    field,
    confidence: weak ? Math.min(confidence, 0.6) - (confidence < 0.9 ? 0.1 : 0) : confidence,
    reason,
  });

  // 1. The whole header is a label, synonym or short alias.
  if (entry.text === text) {
    return kind === "label" ? pick(1, "exact") : pick(kind === "short" ? 0.9 : 0.95, "synonym");
  }
  if (withoutFiller !== "" && entry.text === withoutFiller) return pick(kind === "short" ? 0.88 : 0.92, "synonym");
  // Short aliases never match inside a longer header, and blocked headers match only whole synonyms.
  if (kind === "short" || canon.blocked || canon.tokens.length === 0) return null;

  // 2. The same words, abbreviated, reordered or with typos.
  if (canon.key === entry.canon.key) {
    return canon.corrected === 0 ? pick(0.9, "synonym") : pick(0.8 - 0.05 * (canon.corrected - 1), "fuzzy");
  }
  // 3. Words run together: "NewPatients" typed without a space, "Writeoffs".
  if (withoutFiller.replace(/ /g, "") === entry.text.replace(/ /g, "")) return pick(0.85, "fuzzy");
  // 4. The header leaves out only the table word: "Cancelled" for "Appointments Cancelled".
  const header = new Set(canon.tokens);
  const target = entry.canon.tokens;
  const shared = target.filter((t) => header.has(t)).length;
  if (shared === header.size && shared < target.length && target.every((t) => header.has(t) || CONTEXT_WORDS.has(t))) {
    return pick(0.7 - 0.1 * canon.corrected, "fuzzy");
  }
  // 5. Some meaningful words in common (not just "appointment"): never enough on its own.
  if (target.some((t) => header.has(t) && !CONTEXT_WORDS.has(t))) {
    const jaccard = shared / (header.size + target.length - shared);
    return pick(Math.min(0.3, 0.45 * jaccard), "fuzzy");
  }
  return null;
}

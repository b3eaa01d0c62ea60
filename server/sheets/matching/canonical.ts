/**
 * Turns header words into a set of canonical tokens: abbreviations folded
 * ("Appts" → appointment), filler dropped ("Total", "#"), and small typos
 * corrected against the known vocabulary ("Colections" → collection).
 */
import { allowedEdits, editDistance } from "./distance.ts";
import { BLOCKING, CANONICAL, NOISE } from "./vocabulary.ts";

export interface CanonicalTokens {
  /** Sorted, de-duplicated canonical tokens without filler words. */
  tokens: string[];
  /** Space-joined `tokens`, for comparing sets. */
  key: string;
  /** How many words were typo-corrected. */
  corrected: number;
  /** A word from the BLOCKING list is present. */
  blocked: boolean;
}

export function canonicalise(words: readonly string[], vocabulary: ReadonlySet<string>): CanonicalTokens {
  const out = new Set<string>();
  let corrected = 0;
  let blocked = false;
  for (const word of words) {
    if (NOISE.has(word)) continue;
    if (BLOCKING.has(word)) {
      blocked = true;
      out.add(word);
      continue;
    }
    const known = CANONICAL[word];
    if (known !== undefined || vocabulary.has(word)) {
      out.add(known ?? word);
      continue;
    }
    const fixed = correctTypo(word, vocabulary);
    if (fixed !== null) {
      corrected++;
      out.add(CANONICAL[fixed] ?? fixed);
    } else {
      out.add(word);
    }
  }
  const tokens = [...out].sort();
  return { tokens, key: tokens.join(" "), corrected, blocked };
}

/**
 * The closest vocabulary word within the allowed edits. A word that is a
 * vocabulary word with a prefix ("rescheduled", "unanswered") is a different
 * word, not a typo.
 */
function correctTypo(word: string, vocabulary: ReadonlySet<string>): string | null {
  const max = allowedEdits(word.length);
  if (max === 0 || /^\d+$/.test(word)) return null;
  let best: string | null = null;
  let bestDistance = max + 1;
  for (const candidate of vocabulary) {
    if (candidate.length < 4) continue;
    if (word.length - candidate.length >= 2 && word.endsWith(candidate)) continue;
    const d = editDistance(word, candidate, max);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Header normalisation: case, accents, punctuation, `#`/`$`/`%`, camelCase,
 * parenthetical remarks, and multi-word terms folded into one token
 * ("no-shows" → noshow, "write offs" / "W/O" → writeoff).
 */
import { normaliseSpaces } from "../transform/cell.ts";

export interface HeaderHints {
  /** `$`, `€` or `£` appears in the header. */
  currency: boolean;
  /** `%` appears in the header: a rate, which no target field is. */
  percent: boolean;
  /** `#` appears in the header. */
  count: boolean;
}

export interface NormalisedHeader {
  /** Lower-case words separated by single spaces. */
  text: string;
  tokens: string[];
  hints: HeaderHints;
  /** A remark in parentheses was removed, e.g. "(billing dept only)"; units like "($)" do not count. */
  hadRemark: boolean;
}

const REMARK = /\(([^)]*)\)|\[([^\]]*)\]/g;
const UNIT_REMARK = /^(?:[$€£#%]|usd|eur|gbp|mins?|minutes|count|qty|no\.?|num|amt|amount|total|daily)?$/i;

const COMPOUNDS: [RegExp, string][] = [
  [/\bw\s*\/\s*o(?:ff)?s?\b/g, " writeoff "],
  [/\bwrite[\s-]*offs?\b/g, " writeoff "],
  [/\bno[\s-]*show(?:s|ed)?\b/g, " noshow "],
  [/\bvoice[\s-]*mails?\b/g, " voicemail "],
];

export function normaliseHeader(raw: string): NormalisedHeader {
  const clean = normaliseSpaces(raw.normalize("NFKC"));
  const hints: HeaderHints = {
    currency: /[$€£]/.test(clean),
    percent: /%/.test(clean),
    count: /#/.test(clean),
  };

  let hadRemark = false;
  let body = clean.replace(REMARK, (_m, paren: string | undefined, bracket: string | undefined) => {
    if (!UNIT_REMARK.test((paren ?? bracket ?? "").trim())) hadRemark = true;
    return " ";
  });
  if (!/[\p{L}\p{N}]/u.test(body)) {
    body = clean.replace(/[()[\]]/g, " ");
    hadRemark = false;
  }

  let text = body
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/['’`]/g, "")
    .replace(/&/g, " and ");
  for (const [pattern, replacement] of COMPOUNDS) text = text.replace(pattern, replacement);
  const tokens = text.split(/[^a-z0-9]+/).filter((t) => t !== "");
  return { text: tokens.join(" "), tokens, hints, hadRemark };
}

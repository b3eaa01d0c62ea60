/**
 * Text and provider names.
 *
 * Decisions:
 *  - Text is trimmed, every kind of whitespace becomes one space; `-`/`—` are blank.
 *  - Numbers in a text column become their text ("101"); a checkbox is rejected.
 *  - Provider names lose titles (Dr., Doctor, Mr., Mrs., Ms., Miss, Prof.) and
 *    trailing credentials (DDS, DMD, RDH, …); "Chen, Maria" becomes "Maria Chen".
 *    The original text is kept, and `key` (lower case, no accents or punctuation)
 *    is what provider matching should compare.
 */
import { checkboxFailure, classifyCell } from "./cell.ts";
import { BLANK, fail, quote, success, type Cell, type ParseResult } from "./result.ts";

export function parseText(cell: Cell): ParseResult<string> {
  const c = classifyCell(cell);
  switch (c.kind) {
    case "blank":
      return BLANK;
    case "error":
      return c.failure;
    case "boolean":
      return checkboxFailure("text");
    case "number":
      return Number.isFinite(c.value) ? success(String(c.value)) : fail("invalid_type", `${quote(String(c.value))} is not text`);
    case "text":
      return success(c.text);
  }
}

export type ProviderResult = ParseResult<string, { original: string; key: string }>;

const TITLE = /^(?:dr|doctor|mr|mrs|ms|miss|mx|prof)(?:\.\s*|\s+|$)/i;
const CREDENTIALS = [
  "dds", "dmd", "rdh", "md", "phd", "ms", "msd", "mds", "bds", "fagd", "magd", "rda", "cda", "efda", "lda", "np",
];
const CREDENTIAL_SUFFIX = new RegExp(
  `(?:\\s*,\\s*|\\s+)(?:${CREDENTIALS.map((c) => c.split("").join("\\.?")).join("|")})\\.?$`,
  "i",
);

export function parseProviderName(cell: Cell): ProviderResult {
  const text = parseText(cell);
  if (!text.ok || text.blank) return text;
  const original = text.value;

  let name = original;
  for (let previous = ""; previous !== name; ) {
    previous = name;
    name = name.replace(CREDENTIAL_SUFFIX, "").replace(TITLE, "").trim();
  }
  name = name.replace(/,$/, "").trim();
  const parts = name.split(",").map((p) => p.trim());
  if (parts.length === 2 && parts[0] && parts[1]) name = `${parts[1]} ${parts[0]}`;

  const key = providerKey(name);
  if (key === "") return fail("invalid_format", `${quote(original)} does not contain a name`);
  return { ok: true, value: name, original, key };
}

/** Comparison key for provider names: "José O'Neil-Smith" → "jose o neil smith". */
export function providerKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

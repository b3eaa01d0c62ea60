/** A1 notation helpers for the ranges a sync reads. */

/** "A" → 0, "Z" → 25, "AA" → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) throw new RangeError(`Not a column letter: ${letters}`);
    n = n * 26 + (code - 64);
  }
  if (n === 0) throw new RangeError("Empty column letters");
  return n - 1;
}

/** 0 → "A", 26 → "AA". */
export function columnLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`Not a column index: ${index}`);
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A tab title as Sheets wants it in a range: always quoted, quotes doubled ('Dana''s Notes'). */
export function quoteTab(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/**
 * The range read for one tab: from the header row down to the end of the sheet, across the mapped
 * columns, e.g. `'Jan-24'!A3:M`. The header row is included so a sync can notice moved columns.
 */
export function tabRange(title: string, headerRow: number, startColumn: string, endColumn: string): string {
  return `${quoteTab(title)}!${startColumn}${headerRow}:${endColumn}`;
}

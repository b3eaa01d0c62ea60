// A small subset of Google Sheets number-format patterns (en_US only), enough to render fixtures faithfully:
//   numbers:  General, 0, 0.0, #,##0, #,##0.00, "$"#,##0.00, #,##0.00;(#,##0.00), 0.0%, 0.00%
//   dates:    M/d/yyyy, yyyy-mm-dd, mmm d, yyyy, ddd m/d, mmmm yyyy ...
// Sections are `positive;negative;zero`. Quoted text, backslash escapes and $ ( ) - + / : , space are literals.

const MS_PER_DAY = 86_400_000;
const SHEETS_EPOCH_UTC = Date.UTC(1899, 11, 30);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Sheets serial number (days since 1899-12-30) for an ISO date `YYYY-MM-DD`; undefined if not a real date. */
export function isoDateToSerial(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round((ms - SHEETS_EPOCH_UTC) / MS_PER_DAY);
}

/** UTC Date for a serial number (the fractional part is the time of day). */
export function serialToDate(serial: number): Date {
  return new Date(SHEETS_EPOCH_UTC + Math.round(serial * MS_PER_DAY));
}

export function serialToIsoDate(serial: number): string {
  return serialToDate(serial).toISOString().slice(0, 10);
}

/** Google's "General" rendering: integers as-is, up to 10 significant digits otherwise. */
export function formatGeneral(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const s = String(Number(v.toPrecision(10)));
  return s.includes("e") ? v.toExponential(2).toUpperCase() : s;
}

function splitSections(pattern: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '"') quoted = !quoted;
    if (ch === "\\" && !quoted) {
      cur += ch + (pattern[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === ";" && !quoted) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Strips quoted literals so token detection ignores them. */
function unquoted(section: string): string {
  return section.replace(/"[^"]*"/g, "").replace(/\\./g, "");
}

export function isDatePattern(pattern: string): boolean {
  return /[yd]|mmm/i.test(unquoted(splitSections(pattern)[0] ?? ""));
}

type Piece = { literal: string } | { token: string };

function tokenize(section: string, tokens: RegExp): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < section.length) {
    const ch = section[i] as string;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end === -1 ? section.length : end;
      pieces.push({ literal: section.slice(i + 1, stop) });
      i = stop + 1;
      continue;
    }
    if (ch === "\\") {
      pieces.push({ literal: section[i + 1] ?? "" });
      i += 2;
      continue;
    }
    tokens.lastIndex = i;
    const m = tokens.exec(section);
    if (m && m.index === i) {
      pieces.push({ token: m[0] });
      i += m[0].length;
      continue;
    }
    pieces.push({ literal: ch });
    i++;
  }
  return pieces;
}

function formatDate(serial: number, pattern: string): string {
  const date = serialToDate(serial);
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth();
  const d = date.getUTCDate();
  const wd = date.getUTCDay();
  const pieces = tokenize(pattern, /yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d/giy);
  return pieces
    .map((p) => {
      if ("literal" in p) return p.literal;
      switch (p.token.toLowerCase()) {
        case "yyyy": return String(y);
        case "yy": return String(y % 100).padStart(2, "0");
        case "mmmm": return MONTHS[mo] ?? "";
        case "mmm": return (MONTHS[mo] ?? "").slice(0, 3);
        case "mm": return String(mo + 1).padStart(2, "0");
        case "m": return String(mo + 1);
        case "dddd": return DAYS[wd] ?? "";
        case "ddd": return (DAYS[wd] ?? "").slice(0, 3);
        case "dd": return String(d).padStart(2, "0");
        default: return String(d);
      }
    })
    .join("");
}

function formatNumberSection(abs: number, section: string): string {
  const pieces = tokenize(section, /[#0?,.]+/y);
  const numeric = pieces.find((p): p is { token: string } => "token" in p && /[#0?]/.test(p.token));
  const percent = pieces.some((p) => "literal" in p && p.literal === "%");
  const value = percent ? abs * 100 : abs;
  if (!numeric) return pieces.map((p) => ("literal" in p ? p.literal : p.token)).join("");
  const [intPart = "", decPart = ""] = numeric.token.split(".");
  const decimals = (decPart.match(/[#0?]/g) ?? []).length;
  const minDecimals = (decPart.match(/0/g) ?? []).length;
  const minInt = (intPart.match(/0/g) ?? []).length;
  const grouping = intPart.includes(",");
  let [ip = "0", fp = ""] = value.toFixed(decimals).split(".");
  fp = fp.replace(/0+$/, "").padEnd(minDecimals, "0");
  if (ip === "0" && minInt === 0) ip = "";
  ip = ip.padStart(minInt, "0");
  if (grouping) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const num = fp ? `${ip}.${fp}` : ip;
  return pieces.map((p) => (p === numeric ? num : "literal" in p ? p.literal : "")).join("");
}

/** Formats a number with a Sheets pattern (see header comment). Unknown syntax degrades to literals. */
export function formatNumber(v: number, pattern: string | undefined): string {
  if (!pattern || pattern.toLowerCase() === "general") return formatGeneral(v);
  const sections = splitSections(pattern);
  const first = sections[0] ?? "";
  if (isDatePattern(first)) return formatDate(v, first);
  if (v < 0 && sections[1] !== undefined) return formatNumberSection(-v, sections[1]);
  if (v === 0 && sections[2] !== undefined) return formatNumberSection(0, sections[2]);
  const body = formatNumberSection(Math.abs(v), first);
  return v < 0 && /[1-9]/.test(body) ? `-${body}` : body;
}

/** Default patterns per cell type (en_US). `number` without `fmt` renders as "General" (e.g. 12, 1234.5). */
export const DEFAULT_PATTERNS: Record<string, string | undefined> = {
  currency: '"$"#,##0.00',
  percent: "0.00%",
  date: "M/d/yyyy",
};

// Minimal partial-response (`fields=`) support: `a,b/c,b.c,files(id,name),*`. Unknown fields are simply absent.

type Selector = Map<string, Selector | true>;

export class FieldsParseError extends Error {}

function parseList(text: string, pos: { i: number }, depth: number): Selector {
  const sel: Selector = new Map();
  for (;;) {
    let name = "";
    while (pos.i < text.length && !",()".includes(text[pos.i] as string)) name += text[pos.i++];
    const path = name.trim().split(/[/.]/).map((p) => p.trim()); // `a/b` and FieldMask-style `a.b`
    if (path.some((p) => p === "")) throw new BadSelection(text);
    let leaf: Selector | true = true;
    if (text[pos.i] === "(") {
      pos.i++;
      leaf = parseList(text, pos, depth + 1);
      if (text[pos.i] !== ")") throw new BadSelection(text);
      pos.i++;
    }
    insert(sel, path, leaf);
    if (text[pos.i] === ",") {
      pos.i++;
      continue;
    }
    if (text[pos.i] === ")" && depth > 0) return sel;
    if (pos.i >= text.length) return sel;
    throw new BadSelection(text);
  }
}

class BadSelection extends FieldsParseError {
  constructor(text: string) {
    super(`Invalid field selection ${text}`);
  }
}

function insert(sel: Selector, path: string[], leaf: Selector | true): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    const existing = sel.get(head);
    sel.set(head, existing instanceof Map && leaf instanceof Map ? merge(existing, leaf) : existing === true ? true : leaf);
    return;
  }
  let child = sel.get(head);
  if (child === true) return;
  if (!child) {
    child = new Map();
    sel.set(head, child);
  }
  insert(child, rest, leaf);
}

function merge(a: Selector, b: Selector): Selector {
  for (const [k, v] of b) insert(a, [k], v);
  return a;
}

export function parseFields(text: string): Selector {
  return parseList(text, { i: 0 }, 0);
}

function apply(value: unknown, sel: Selector): unknown {
  if (Array.isArray(value)) return value.map((v) => apply(v, sel));
  if (value === null || typeof value !== "object") return value;
  const src = value as Record<string, unknown>;
  if (sel.get("*") === true) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of sel) {
    if (!(key in src)) continue;
    out[key] = sub === true ? src[key] : apply(src[key], sub);
  }
  return out;
}

/** Applies a `fields` mask to a response object. Throws FieldsParseError for malformed masks. */
export function applyFields<T>(value: T, fields: string | null | undefined): T | Record<string, unknown> {
  if (fields === null || fields === undefined || fields.trim() === "") return value;
  return apply(value, parseFields(fields)) as Record<string, unknown>;
}

// Drive v3 `q` search language subset:
//   name = / != / contains 'x'      (contains = case-insensitive word-prefix match, as Drive does)
//   mimeType = / != / contains 'x'
//   trashed = / != true|false,  starred = false
//   modifiedTime / createdTime  = != < <= > >=  'RFC 3339'
//   'me' | 'email' in owners|writers|readers,  'folderId' in parents
//   and / or / not / parentheses (and binds tighter than or)

export interface DriveItem {
  id: string;
  name: string;
  mimeType: string;
  modifiedTime: string;
  createdTime: string;
  trashed: boolean;
  owner?: string;
  sharedWith: string[];
  parents: string[];
}

export class DriveQueryError extends Error {}

type Token = { t: "str"; v: string } | { t: "word"; v: string } | { t: "op"; v: string } | { t: "(" } | { t: ")" };
type Pred = (item: DriveItem) => boolean;

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i] as string;
    if (/\s/.test(ch)) i++;
    else if (ch === "(" || ch === ")") {
      out.push({ t: ch });
      i++;
    } else if (ch === "'" || ch === '"') {
      let v = "";
      i++;
      while (i < q.length && q[i] !== ch) {
        if (q[i] === "\\" && i + 1 < q.length) i++;
        v += q[i++];
      }
      if (i >= q.length) throw new DriveQueryError("unterminated string");
      i++;
      out.push({ t: "str", v });
    } else if ("=!<>".includes(ch)) {
      const two = q.slice(i, i + 2);
      const op = ["!=", "<=", ">="].includes(two) ? two : ch;
      if (op === "!") throw new DriveQueryError("bad operator");
      out.push({ t: "op", v: op });
      i += op.length;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
      if (!m) throw new DriveQueryError(`unexpected "${ch}"`);
      out.push({ t: "word", v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** Word-prefix match: the term must start the name or follow a non-alphanumeric character. */
export function nameContains(name: string, term: string): boolean {
  const hay = name.toLowerCase();
  const needle = term.toLowerCase();
  if (needle === "") return true;
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(hay[at - 1] as string)) return true;
  }
  return false;
}

function compare(a: string | boolean, op: string, b: string | boolean): boolean {
  switch (op) {
    case "=": return a === b;
    case "!=": return a !== b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    case ">=": return a >= b;
    default: throw new DriveQueryError(`bad operator ${op}`);
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly me: string,
  ) {}

  parse(): Pred {
    const p = this.or();
    if (this.i !== this.tokens.length) throw new DriveQueryError("trailing tokens");
    return p;
  }

  private peekWord(word: string): boolean {
    const t = this.tokens[this.i];
    return t?.t === "word" && t.v.toLowerCase() === word;
  }

  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new DriveQueryError("unexpected end of query");
    return t;
  }

  private or(): Pred {
    const parts = [this.and()];
    while (this.peekWord("or")) {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? (parts[0] as Pred) : (x) => parts.some((p) => p(x));
  }

  private and(): Pred {
    const parts = [this.unary()];
    while (this.peekWord("and")) {
      this.i++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? (parts[0] as Pred) : (x) => parts.every((p) => p(x));
  }

  private unary(): Pred {
    if (this.peekWord("not")) {
      this.i++;
      const inner = this.unary();
      return (x) => !inner(x);
    }
    if (this.tokens[this.i]?.t === "(") {
      this.i++;
      const inner = this.or();
      if (this.next().t !== ")") throw new DriveQueryError("missing )");
      return inner;
    }
    return this.clause();
  }

  private clause(): Pred {
    const first = this.next();
    if (first.t === "str") return this.membership(first.v);
    if (first.t !== "word") throw new DriveQueryError("expected a field");
    const field = first.v;
    const opTok = this.next();
    const op = opTok.t === "op" ? opTok.v : opTok.t === "word" && opTok.v.toLowerCase() === "contains" ? "contains" : undefined;
    if (!op) throw new DriveQueryError("expected an operator");
    const valTok = this.next();
    if (field === "trashed" || field === "starred") {
      if (valTok.t !== "word" || !["true", "false"].includes(valTok.v.toLowerCase()) || (op !== "=" && op !== "!=")) {
        throw new DriveQueryError(`${field} needs = true|false`);
      }
      const want = valTok.v.toLowerCase() === "true";
      return field === "trashed" ? (x) => compare(x.trashed, op, want) : () => compare(false, op, want);
    }
    if (valTok.t !== "str") throw new DriveQueryError("expected a quoted value");
    const v = valTok.v;
    if (field === "name" || field === "mimeType") {
      if (op === "contains") return field === "name" ? (x) => nameContains(x.name, v) : (x) => x.mimeType.includes(v);
      if (op !== "=" && op !== "!=") throw new DriveQueryError(`bad operator for ${field}`);
      return (x) => compare(x[field], op, v);
    }
    if (field === "modifiedTime" || field === "createdTime") {
      const t = Date.parse(v);
      if (Number.isNaN(t) || op === "contains") throw new DriveQueryError(`bad ${field} comparison`);
      const iso = new Date(t).toISOString();
      return (x) => compare(x[field], op, iso);
    }
    throw new DriveQueryError(`unsupported field ${field}`);
  }

  private membership(value: string): Pred {
    const inTok = this.next();
    const coll = this.next();
    if (inTok.t !== "word" || inTok.v.toLowerCase() !== "in" || coll.t !== "word") throw new DriveQueryError("expected 'x' in collection");
    const who = value === "me" ? this.me : value;
    switch (coll.v) {
      case "owners": return (x) => (x.owner ?? "") === who;
      case "writers": return (x) => (x.owner ?? "") === who;
      case "readers": return (x) => x.owner === undefined || x.owner === who || x.sharedWith.includes(who);
      case "parents": return (x) => x.parents.includes(value);
      default: throw new DriveQueryError(`unsupported collection ${coll.v}`);
    }
  }
}

/** Compiles a Drive query for the given caller email; throws DriveQueryError on syntax the emulator does not accept. */
export function compileDriveQuery(q: string | null | undefined, me: string): Pred {
  if (q === null || q === undefined || q.trim() === "") return () => true;
  return new Parser(tokenize(q), me).parse();
}

// Drive v3: GET /drive/v3/files (q, pageSize, pageToken, orderBy, fields) and GET /drive/v3/files/:id.
import { createHash } from "node:crypto";
import { authenticate, type Caller } from "./api-auth.ts";
import { compileDriveQuery, DriveQueryError, type DriveItem } from "./drive-query.ts";
import type { EmulatorEnv } from "./env.ts";
import { applyFields, FieldsParseError } from "./fields.ts";
import { driveError, sendJson, type RequestContext } from "./http-util.ts";
import { DRIVE_FILE_SCOPE, DRIVE_LIST_SCOPES, hasAny } from "./scopes.ts";
import { canAccess, SPREADSHEET_MIME } from "./store.ts";

/** What Drive v3 returns when `fields` is not given. */
const DEFAULT_LIST_FIELDS = "kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)";
const DEFAULT_GET_FIELDS = "kind,id,name,mimeType";

function invalidValue(location: string, message = "Invalid Value") {
  return driveError(400, message, "invalid", { locationType: "parameter", location });
}

function allItems(env: EmulatorEnv): (DriveItem & { size?: string })[] {
  const items: (DriveItem & { size?: string })[] = [];
  for (const ss of env.state.data.spreadsheets.values()) {
    items.push({
      id: ss.id, name: ss.title, mimeType: SPREADSHEET_MIME, modifiedTime: ss.modifiedTime, createdTime: ss.createdTime,
      trashed: ss.trashed, sharedWith: ss.sharedWith, parents: ss.parents, ...(ss.owner === undefined ? {} : { owner: ss.owner }),
    });
  }
  for (const f of env.state.data.driveFiles.values()) {
    items.push({
      id: f.id, name: f.name, mimeType: f.mimeType, modifiedTime: new Date(f.modifiedTime).toISOString(),
      createdTime: new Date(f.createdTime ?? f.modifiedTime).toISOString(), trashed: f.trashed ?? false,
      sharedWith: f.sharedWith ?? [], parents: f.parents ?? ["root"],
      ...(f.owner === undefined ? {} : { owner: f.owner }), ...(f.size === undefined ? {} : { size: f.size }),
    });
  }
  return items;
}

function toResource(item: DriveItem & { size?: string }, caller: Caller, env: EmulatorEnv): Record<string, unknown> {
  const ownerEmail = item.owner ?? caller.account.email;
  const owner = env.state.accountByEmail(ownerEmail);
  const isSheet = item.mimeType === SPREADSHEET_MIME;
  return {
    kind: "drive#file",
    id: item.id,
    name: item.name,
    mimeType: item.mimeType,
    starred: false,
    trashed: item.trashed,
    parents: item.parents,
    createdTime: item.createdTime,
    modifiedTime: item.modifiedTime,
    owners: [{ kind: "drive#user", displayName: owner?.name ?? ownerEmail, emailAddress: ownerEmail, me: ownerEmail === caller.account.email, permissionId: owner?.sub ?? "0" }],
    ownedByMe: ownerEmail === caller.account.email,
    webViewLink: isSheet ? `https://docs.google.com/spreadsheets/d/${item.id}/edit?usp=drivesdk` : `https://drive.google.com/file/d/${item.id}/view?usp=drivesdk`,
    ...(item.size === undefined ? {} : { size: item.size }),
  };
}

type Comparator = (a: DriveItem, b: DriveItem) => number;
const ORDER_KEYS: Record<string, Comparator> = {
  name: (a, b) => a.name.localeCompare(b.name, "en"),
  name_natural: (a, b) => a.name.localeCompare(b.name, "en", { numeric: true }),
  modifiedTime: (a, b) => a.modifiedTime.localeCompare(b.modifiedTime),
  createdTime: (a, b) => a.createdTime.localeCompare(b.createdTime),
  folder: (a, b) => Number(b.mimeType.endsWith(".folder")) - Number(a.mimeType.endsWith(".folder")),
};
const ALIASES: Record<string, string> = { recency: "modifiedTime", modifiedByMeTime: "modifiedTime", viewedByMeTime: "modifiedTime" };
const NO_OP_KEYS = new Set(["starred", "sharedWithMeTime", "quotaBytesUsed"]);

/** Parses `orderBy` ("folder,modifiedTime desc,name"). Default: `modifiedTime desc`. Ties break on id. */
export function compileOrderBy(orderBy: string | null): Comparator {
  const spec = orderBy?.trim() ? orderBy : "modifiedTime desc";
  const parts: Comparator[] = [];
  for (const raw of spec.split(",")) {
    const [key = "", dir, extra] = raw.trim().split(/\s+/);
    const name = ALIASES[key] ?? key;
    if (extra !== undefined || (dir !== undefined && dir.toLowerCase() !== "desc" && dir.toLowerCase() !== "asc")) throw invalidValue("orderBy");
    if (NO_OP_KEYS.has(name)) continue;
    const cmp = ORDER_KEYS[name];
    if (!cmp) throw invalidValue("orderBy");
    parts.push(dir?.toLowerCase() === "desc" ? (a, b) => -cmp(a, b) : cmp);
  }
  return (a, b) => {
    for (const p of parts) {
      const r = p(a, b);
      if (r !== 0) return r;
    }
    return a.id.localeCompare(b.id);
  };
}

function pageKey(ctx: RequestContext, email: string): string {
  const q = ctx.query;
  return createHash("sha256").update([email, q.get("q") ?? "", q.get("orderBy") ?? ""].join("\u0000")).digest("base64url").slice(0, 12);
}

function decodePageToken(token: string, key: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && "o" in parsed && "k" in parsed && parsed.k === key && typeof parsed.o === "number") {
      return parsed.o;
    }
  } catch {
    // fall through
  }
  throw invalidValue("pageToken");
}

function parsePageSize(raw: string | null): number {
  if (raw === null || raw === "") return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw invalidValue("pageSize", `Invalid value '${raw}'. Values must be within the range: [1, 1000]`);
  }
  return n;
}

function withFields(body: unknown, fields: string | null, fallback: string): unknown {
  try {
    return applyFields(body, fields ?? fallback);
  } catch (e) {
    if (e instanceof FieldsParseError) throw invalidValue("fields", e.message);
    throw e;
  }
}

export function listFiles(ctx: RequestContext, env: EmulatorEnv): void {
  const caller = authenticate(ctx, env, "drive", { scopes: DRIVE_LIST_SCOPES, method: "google.apps.drive.v3.DriveFiles.List" });
  const q = ctx.query;
  const pageSize = parsePageSize(q.get("pageSize"));
  let match: (x: DriveItem) => boolean;
  try {
    match = compileDriveQuery(q.get("q"), caller.account.email);
  } catch (e) {
    if (e instanceof DriveQueryError) throw invalidValue("q");
    throw e;
  }
  const order = compileOrderBy(q.get("orderBy"));
  const key = pageKey(ctx, caller.account.email);
  const offset = q.get("pageToken") ? decodePageToken(q.get("pageToken") as string, key) : 0;
  // drive.file only exposes files the app created or the user opened with it: none, in the emulator.
  const driveFileOnly = !hasAny(caller.grant.scopes.filter((s) => s !== DRIVE_FILE_SCOPE), DRIVE_LIST_SCOPES);
  const visible = driveFileOnly ? [] : allItems(env).filter((x) => canAccess(x, caller.account.email) && match(x));
  visible.sort(order);
  const page = visible.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = { kind: "drive#fileList", incompleteSearch: false };
  if (offset + pageSize < visible.length) {
    body["nextPageToken"] = Buffer.from(JSON.stringify({ o: offset + pageSize, k: key })).toString("base64url");
  }
  body["files"] = page.map((x) => toResource(x, caller, env));
  sendJson(ctx.res, 200, withFields(body, q.get("fields"), DEFAULT_LIST_FIELDS));
}

export function getFile(ctx: RequestContext, env: EmulatorEnv): void {
  const caller = authenticate(ctx, env, "drive", { scopes: DRIVE_LIST_SCOPES, method: "google.apps.drive.v3.DriveFiles.Get" });
  const id = ctx.params[0] ?? "";
  const driveFileOnly = !hasAny(caller.grant.scopes.filter((s) => s !== DRIVE_FILE_SCOPE), DRIVE_LIST_SCOPES);
  const item = driveFileOnly ? undefined : allItems(env).find((x) => x.id === id && canAccess(x, caller.account.email));
  if (!item) throw driveError(404, `File not found: ${id}.`, "notFound", { locationType: "parameter", location: "fileId" });
  sendJson(ctx.res, 200, withFields(toResource(item, caller, env), ctx.query.get("fields"), DEFAULT_GET_FIELDS));
}

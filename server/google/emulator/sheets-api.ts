// Sheets v4: GET /v4/spreadsheets/:id, GET /v4/spreadsheets/:id/values/:range, GET /v4/spreadsheets/:id/values:batchGet.
import { A1ParseError, GridLimitError, parseA1, resolveWindow } from "./a1-range.ts";
import { authenticate, type Caller } from "./api-auth.ts";
import type { DateTimeRenderOption, ValueRenderOption } from "./cells.ts";
import type { EmulatorEnv } from "./env.ts";
import { applyFields, FieldsParseError } from "./fields.ts";
import { rpcError, sendJson, type RequestContext } from "./http-util.ts";
import { DRIVE_FILE_SCOPE, hasAny, SHEETS_READ_SCOPES } from "./scopes.ts";
import { canAccess, findSheet } from "./store.ts";
import type { StoredSheet, StoredSpreadsheet } from "./types.ts";
import { readValues, type MajorDimension, type RenderOptions } from "./values.ts";

const NOT_FOUND = "Requested entity was not found.";
const NO_PERMISSION = "The caller does not have permission";

function enumParam<T extends string>(q: URLSearchParams, name: string, field: string, type: string, allowed: readonly T[], dflt: T, aliases: Record<string, T> = {}): T {
  const raw = q.get(name);
  if (raw === null || raw === "") return dflt;
  const v = aliases[raw] ?? raw;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw rpcError(400, `Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${raw}"`, {
    details: [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field, description: `Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${raw}"` }] }],
  });
}

function renderOptions(q: URLSearchParams): RenderOptions {
  return {
    majorDimension: enumParam<MajorDimension>(q, "majorDimension", "major_dimension", "Dimension", ["ROWS", "COLUMNS"], "ROWS", { DIMENSION_UNSPECIFIED: "ROWS" }),
    valueRenderOption: enumParam<ValueRenderOption>(q, "valueRenderOption", "value_render_option", "ValueRenderOption", ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"], "FORMATTED_VALUE"),
    dateTimeRenderOption: enumParam<DateTimeRenderOption>(q, "dateTimeRenderOption", "date_time_render_option", "DateTimeRenderOption", ["SERIAL_NUMBER", "FORMATTED_STRING"], "SERIAL_NUMBER"),
  };
}

/** Auth, scope, existence and permission checks shared by all Sheets endpoints. */
function openSpreadsheet(ctx: RequestContext, env: EmulatorEnv, method: string): { caller: Caller; ss: StoredSpreadsheet } {
  const caller = authenticate(ctx, env, "sheets", { scopes: SHEETS_READ_SCOPES, method });
  const id = ctx.params[0] ?? "";
  const ss = env.state.getSpreadsheet(id);
  if (!ss) {
    const file = env.state.data.driveFiles.get(id);
    if (file && canAccess(file, caller.account.email)) throw rpcError(400, "This operation is not supported for this document", { status: "FAILED_PRECONDITION" });
    throw rpcError(404, NOT_FOUND);
  }
  const onlyDriveFile = !hasAny(caller.grant.scopes.filter((s) => s !== DRIVE_FILE_SCOPE), SHEETS_READ_SCOPES);
  if (onlyDriveFile || !canAccess(ss, caller.account.email)) throw rpcError(403, NO_PERMISSION);
  return { caller, ss };
}

function resolveRange(ss: StoredSpreadsheet, input: string) {
  const fail = () => rpcError(400, `Unable to parse range: ${input}`);
  let parsed;
  try {
    parsed = parseA1(input);
  } catch (e) {
    if (e instanceof A1ParseError) throw fail();
    throw e;
  }
  const sheet: StoredSheet | undefined = parsed.sheet !== undefined ? findSheet(ss, parsed.sheet) : (ss.sheets.find((s) => !s.hidden) ?? ss.sheets[0]);
  if (!sheet) throw fail();
  try {
    return { sheet, window: resolveWindow(parsed, sheet.title, sheet.rowCount, sheet.columnCount) };
  } catch (e) {
    if (e instanceof GridLimitError) throw rpcError(400, e.message);
    throw e;
  }
}

function respond(ctx: RequestContext, body: unknown): void {
  let out: unknown;
  try {
    out = applyFields(body, ctx.query.get("fields"));
  } catch (e) {
    if (e instanceof FieldsParseError) throw rpcError(400, `Request contains an invalid argument. ${e.message}`);
    throw e;
  }
  sendJson(ctx.res, 200, out);
}

export function getValues(ctx: RequestContext, env: EmulatorEnv): void {
  const { ss } = openSpreadsheet(ctx, env, "google.apps.sheets.v4.SpreadsheetsService.GetValues");
  const opts = renderOptions(ctx.query);
  const { sheet, window } = resolveRange(ss, ctx.params[1] ?? "");
  respond(ctx, readValues(sheet, window, opts));
}

export function batchGetValues(ctx: RequestContext, env: EmulatorEnv): void {
  const { ss } = openSpreadsheet(ctx, env, "google.apps.sheets.v4.SpreadsheetsService.BatchGetValues");
  const opts = renderOptions(ctx.query);
  const ranges = ctx.query.getAll("ranges");
  const resolved = ranges.map((r) => resolveRange(ss, r));
  const body: Record<string, unknown> = { spreadsheetId: ss.id };
  if (resolved.length > 0) body["valueRanges"] = resolved.map(({ sheet, window }) => readValues(sheet, window, opts));
  respond(ctx, body);
}

function sheetResource(sheet: StoredSheet): Record<string, unknown> {
  const gridProperties: Record<string, number> = { rowCount: sheet.rowCount, columnCount: sheet.columnCount };
  if (sheet.frozenRowCount) gridProperties["frozenRowCount"] = sheet.frozenRowCount;
  const out: Record<string, unknown> = {
    properties: {
      sheetId: sheet.sheetId,
      title: sheet.title,
      index: sheet.index,
      sheetType: "GRID",
      gridProperties,
      ...(sheet.hidden ? { hidden: true } : {}),
    },
  };
  if (sheet.merges.length > 0) out["merges"] = sheet.merges.map((m) => ({ sheetId: sheet.sheetId, ...m }));
  return out;
}

export function getSpreadsheet(ctx: RequestContext, env: EmulatorEnv): void {
  const { ss } = openSpreadsheet(ctx, env, "google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet");
  if (ctx.query.get("includeGridData") === "true") {
    throw rpcError(400, "includeGridData=true is not supported by the Google API emulator; use spreadsheets.values.get/batchGet");
  }
  // With `ranges`, Google returns only the sheets those ranges touch.
  const ranges = ctx.query.getAll("ranges");
  const wanted = ranges.length > 0 ? new Set(ranges.map((r) => resolveRange(ss, r).sheet)) : undefined;
  respond(ctx, {
    spreadsheetId: ss.id,
    properties: { title: ss.title, locale: ss.locale, autoRecalc: "ON_CHANGE", timeZone: ss.timeZone },
    sheets: ss.sheets.filter((s) => !wanted || wanted.has(s)).map(sheetResource),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${ss.id}/edit`,
  });
}

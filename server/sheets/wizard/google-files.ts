import type { OAuth2Client } from "../../google/google-config.ts";
import { driveClient, sheetsClient } from "../../google/google-config.ts";
import { AppError } from "../../errors/app-error.ts";
import type { Cell } from "../transform/index.ts";

/** Reading what the wizard shows: the user's spreadsheets, a spreadsheet's tabs, a raw grid. */

const SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet";

/** Accepts a spreadsheet URL or a bare id; returns the id or null. */
export function parseSpreadsheetRef(input: string): string | null {
  const text = input.trim();
  const fromUrl = /\/spreadsheets\/d\/([a-zA-Z0-9_-]{10,})/.exec(text);
  if (fromUrl) return fromUrl[1]!;
  return /^[a-zA-Z0-9_-]{10,}$/.test(text) ? text : null;
}

function googleProblem(error: unknown, what: string): AppError {
  const status = (error as { code?: number; status?: number; response?: { status?: number } }).response?.status ?? (error as { code?: number }).code;
  if (error instanceof AppError) return error;
  if (status === 404) return new AppError("NOT_FOUND", `${what} was not found. Check the link, and that the Google account you linked can open it.`);
  if (status === 403) return new AppError("FORBIDDEN", `The linked Google account cannot open ${what.toLowerCase()}. Share it with that account, or link the account that owns it.`);
  if (status === 400) return new AppError("BAD_REQUEST", `Google could not read ${what.toLowerCase()}: it may not be a Google Sheets spreadsheet (an uploaded Excel file must be saved as a Google Sheet first).`);
  if (status === 429) return new AppError("TOO_MANY_REQUESTS", "Google is limiting requests right now. Wait a minute and try again.");
  return new AppError("PRECONDITION_FAILED", `Google did not answer as expected while reading ${what.toLowerCase()}. Try again in a moment.`);
}

export async function listSpreadsheets(auth: OAuth2Client, opts: { search?: string; pageToken?: string }) {
  const clauses = [`mimeType='${SPREADSHEET_MIME}'`, "trashed=false"];
  const search = opts.search?.trim();
  if (search) clauses.push(`name contains '${search.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`);
  try {
    const { data } = await driveClient(auth).files.list({
      q: clauses.join(" and "),
      pageSize: 25,
      pageToken: opts.pageToken,
      fields: "nextPageToken, files(id, name, modifiedTime)",
      orderBy: "modifiedTime desc",
    });
    return {
      files: (data.files ?? []).map((f) => ({ id: f.id ?? "", name: f.name ?? "(untitled)", modifiedTime: f.modifiedTime ?? null })),
      nextPageToken: data.nextPageToken ?? null,
    };
  } catch (error) {
    throw googleProblem(error, "Your spreadsheet list");
  }
}

export async function spreadsheetTabs(auth: OAuth2Client, spreadsheetId: string) {
  try {
    const { data } = await sheetsClient(auth).spreadsheets.get({
      spreadsheetId,
      fields: "spreadsheetId,properties.title,sheets.properties(sheetId,title,index,hidden,gridProperties(rowCount,columnCount))",
    });
    return {
      spreadsheetId,
      title: data.properties?.title ?? "(untitled)",
      tabs: (data.sheets ?? []).map((s) => ({
        title: s.properties?.title ?? "",
        hidden: !!s.properties?.hidden,
        rowCount: s.properties?.gridProperties?.rowCount ?? 0,
        columnCount: s.properties?.gridProperties?.columnCount ?? 0,
      })),
    };
  } catch (error) {
    throw googleProblem(error, "The spreadsheet");
  }
}

function quoteTab(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/** The first rows of a tab, as displayed (for the preview grid and header detection) and as values. */
export async function readGrid(auth: OAuth2Client, spreadsheetId: string, tab: string, rows = 40) {
  try {
    const range = `${quoteTab(tab)}!A1:Z${rows}`;
    const sheets = sheetsClient(auth);
    const [formatted, unformatted] = await Promise.all([
      sheets.spreadsheets.values.get({ spreadsheetId, range, valueRenderOption: "FORMATTED_VALUE" }),
      sheets.spreadsheets.values.get({ spreadsheetId, range, valueRenderOption: "UNFORMATTED_VALUE", dateTimeRenderOption: "SERIAL_NUMBER" }),
    ]);
    const clean = (rows: unknown) => ((rows ?? []) as Cell[][]).map((r) => r.map((c) => (c === undefined ? null : c)));
    return { formatted: clean(formatted.data.values), unformatted: clean(unformatted.data.values) };
  } catch (error) {
    throw googleProblem(error, `Tab “${tab}”`);
  }
}

/** A guess at the header row: the first of the top rows with the most text cells and a date-like header. */
export function guessHeaderRow(grid: Cell[][]): number {
  let best = 1;
  let bestScore = -1;
  for (let i = 0; i < Math.min(grid.length, 10); i++) {
    const row = grid[i] ?? [];
    const texts = row.filter((c) => typeof c === "string" && c.trim() !== "" && !/^[\d$(,.\-%\s)]+$/.test(c));
    const hasDate = row.some((c) => typeof c === "string" && /\b(date|day|dos)\b/i.test(c));
    const score = texts.length + (hasDate ? 5 : 0);
    if (score > bestScore) {
      best = i + 1;
      bestScore = score;
    }
  }
  return best;
}

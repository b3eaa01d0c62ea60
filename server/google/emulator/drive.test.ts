import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "./server.ts";
import {
  BRIGHT_SMILES_ID, driveApi, failure, FRONT_DESK_ID, LAKESIDE_ID, OLD_2023_ID, SCOPES, signIn, type OAuth2,
} from "./test-helpers.ts";

const SHEET_MIME = "application/vnd.google-apps.spreadsheet";
let emu: GoogleEmulator;
let auth: OAuth2;
let drive: ReturnType<typeof driveApi>;

beforeAll(async () => {
  emu = await startGoogleEmulator({ port: 0 });
  auth = (await signIn(emu)).oauth2;
  drive = driveApi(emu, auth);
});
afterAll(async () => {
  await emu.close();
});

const ids = (files: { id?: string | null }[] | undefined) => (files ?? []).map((f) => f.id);

describe("drive.files.list", () => {
  it("lists spreadsheets with the requested fields, newest first", async () => {
    const { data } = await drive.files.list({
      q: `mimeType='${SHEET_MIME}' and trashed=false`,
      fields: "nextPageToken, files(id, name, mimeType, modifiedTime)",
      pageSize: 50,
    });
    expect(data.nextPageToken).toBeUndefined();
    expect(data.files).toEqual([
      { id: BRIGHT_SMILES_ID, name: "Bright Smiles Dental – Daily KPIs 2024", mimeType: SHEET_MIME, modifiedTime: "2024-04-01T14:05:12.000Z" },
      { id: FRONT_DESK_ID, name: "Front Desk Calls", mimeType: SHEET_MIME, modifiedTime: "2024-03-30T22:47:31.000Z" },
      { id: LAKESIDE_ID, name: "Lakeside Family Dentistry – Collections", mimeType: SHEET_MIME, modifiedTime: "2024-03-29T21:15:00.000Z" },
    ]);
  });

  it("without `fields` returns Drive v3's default (kind, id, name, mimeType — no modifiedTime)", async () => {
    const { data } = await drive.files.list({ q: `name = 'Front Desk Calls'` });
    expect(data).toEqual({ kind: "drive#fileList", incompleteSearch: false, files: [{ kind: "drive#file", id: FRONT_DESK_ID, name: "Front Desk Calls", mimeType: SHEET_MIME }] });
  });

  it("includes trashed files unless the query excludes them (Drive's default)", async () => {
    const all = await drive.files.list({ q: `mimeType='${SHEET_MIME}'`, fields: "files(id,trashed)" });
    expect(ids(all.data.files)).toContain(OLD_2023_ID);
    expect(all.data.files?.find((f) => f.id === OLD_2023_ID)?.trashed).toBe(true);
    const live = await drive.files.list({ q: `mimeType='${SHEET_MIME}' and trashed = false` });
    expect(ids(live.data.files)).not.toContain(OLD_2023_ID);
  });

  it("paginates with nextPageToken", async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const { data } = await drive.files.list({ pageSize: 3, fields: "nextPageToken,files(id)", ...(pageToken ? { pageToken } : {}) });
      expect(data.files?.length).toBeLessThanOrEqual(3);
      seen.push(...(ids(data.files) as string[]));
      pageToken = data.nextPageToken ?? undefined;
      pages++;
    } while (pageToken && pages < 10);
    expect(pages).toBe(3); // 8 files visible to the demo owner: 3 + 3 + 2
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });

  it("rejects a page token from a different query", async () => {
    const first = await drive.files.list({ pageSize: 1, q: "trashed=false" });
    const token = first.data.nextPageToken ?? "";
    expect(token).not.toBe("");
    const r = await failure(drive.files.list({ pageSize: 1, q: "trashed=true", pageToken: token }));
    expect(r.status).toBe(400);
    expect((r.data as { error: { errors: { location: string }[] } }).error.errors[0]?.location).toBe("pageToken");
  });

  it("name contains is a case-insensitive word-prefix match", async () => {
    const q = (query: string) => drive.files.list({ q: query, orderBy: "name" }).then((r) => r.data.files?.map((f) => f.name));
    expect(await q("name contains 'smiles'")).toEqual(["Bright Smiles Dental – Daily KPIs 2023 (old copy)", "Bright Smiles Dental – Daily KPIs 2024"]);
    expect(await q("name contains 'miles'")).toEqual([]);
    expect(await q(`name contains 'kpi' and mimeType = '${SHEET_MIME}' and trashed = false`)).toEqual(["Bright Smiles Dental – Daily KPIs 2024"]);
    expect(await q("name contains 'Lakeside' or name contains 'Front'")).toEqual(["Front Desk Calls", "Front desk phone script", "Lakeside Family Dentistry – Collections"]);
    expect(await q(`not mimeType = '${SHEET_MIME}' and 'me' in owners`)).toEqual(["Clinic Reports", "Fee Schedule 2024.pdf", "KPI export Feb 2024.xlsx"]);
    expect(await q("'0BemuClinicReportsFolder' in parents")).toEqual(["Fee Schedule 2024.pdf"]);
    expect(await q("name contains 'Dana\\'s' or name = 'Front Desk Calls'")).toEqual(["Front Desk Calls"]); // \' escapes a quote
  });

  it("supports orderBy", async () => {
    const { data } = await drive.files.list({ q: `mimeType='${SHEET_MIME}' and trashed=false`, orderBy: "name desc" });
    expect(data.files?.map((f) => f.name)).toEqual(["Lakeside Family Dentistry – Collections", "Front Desk Calls", "Bright Smiles Dental – Daily KPIs 2024"]);
    const bad = await failure(drive.files.list({ orderBy: "size" }));
    expect(bad.status).toBe(400);
  });

  it("400 Invalid Value for bad queries and page sizes", async () => {
    for (const q of ["name contains", "foo = 'bar'", "name = 'x' and", "trashed = maybe"]) {
      const r = await failure(drive.files.list({ q }));
      expect(r.status).toBe(400);
      expect(r.data).toMatchObject({ error: { code: 400, message: "Invalid Value", errors: [{ reason: "invalid", location: "q", locationType: "parameter" }] } });
    }
    const size = await failure(drive.files.list({ pageSize: 0 }));
    expect(size.status).toBe(400);
  });

  it("only shows files the account owns or that are shared with it", async () => {
    const { oauth2 } = await signIn(emu, { account: "frontdesk@clinicpulse.test" });
    const { data } = await driveApi(emu, oauth2).files.list({ q: "trashed=false", orderBy: "name" });
    expect(data.files?.map((f) => f.name)).toEqual(["Bright Smiles Dental – Daily KPIs 2024", "Front Desk Calls", "Front desk phone script"]);
  });

  it("drive.file alone sees nothing; no Drive scope is 403", async () => {
    const fileOnly = (await signIn(emu, { scopes: ["email", SCOPES.driveFile] })).oauth2;
    const { data } = await driveApi(emu, fileOnly).files.list({});
    expect(data.files).toEqual([]);
    const sheetsOnly = (await signIn(emu, { scopes: ["email", SCOPES.sheets] })).oauth2;
    const r = await failure(driveApi(emu, sheetsOnly).files.list({}));
    expect(r.status).toBe(403);
    expect((r.data as { error: { errors: { reason: string }[] } }).error.errors[0]?.reason).toBe("insufficientPermissions");
  });

  it("401 with Drive's error shape when the token is bad", async () => {
    const res = await fetch(`${emu.url}/drive/v3/files`, { headers: { authorization: "Bearer ya29.not-a-token" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: 401, status: "UNAUTHENTICATED", errors: [{ reason: "authError", message: "Invalid Credentials", location: "Authorization" }] },
    });
  });
});

describe("drive.files.get", () => {
  it("returns one file and 404 for unknown ids", async () => {
    const { data } = await drive.files.get({ fileId: LAKESIDE_ID, fields: "id,name,owners(emailAddress)" });
    expect(data).toEqual({ id: LAKESIDE_ID, name: "Lakeside Family Dentistry – Collections", owners: [{ emailAddress: "lakeside.admin@clinicpulse.test" }] });
    const r = await failure(drive.files.get({ fileId: "nope123" }));
    expect(r.status).toBe(404);
    expect((r.data as { error: { message: string } }).error.message).toBe("File not found: nope123.");
  });
});

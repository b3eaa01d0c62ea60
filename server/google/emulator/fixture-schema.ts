// zod schemas for fixture files (see README.md "Fixture format").
import { z } from "zod";

const cellType = z.enum(["currency", "percent", "date", "number", "text", "error", "boolean"]);

export const cellSchema = z.union([
  z.null(),
  z.string(),
  z.number(),
  z.boolean(),
  z.strictObject({
    v: z.union([z.number(), z.string(), z.boolean(), z.null()]).optional(),
    date: z.string().optional(),
    f: z.string().optional(),
    fmt: z.string().optional(),
    formula: z.string().optional(),
    type: cellType.optional(),
    note: z.string().optional(),
  }),
]);

const gridRange = z.strictObject({
  startRowIndex: z.int().nonnegative(),
  endRowIndex: z.int().positive(),
  startColumnIndex: z.int().nonnegative(),
  endColumnIndex: z.int().positive(),
});

export const sheetSchema = z.strictObject({
  title: z.string().min(1).max(100),
  sheetId: z.int().nonnegative().optional(),
  hidden: z.boolean().optional(),
  rowCount: z.int().positive().optional(),
  columnCount: z.int().positive().max(18_278).optional(),
  frozenRowCount: z.int().nonnegative().optional(),
  columnFormats: z
    .record(z.string().regex(/^[A-Z]{1,3}$/), z.strictObject({ type: cellType.optional(), fmt: z.string().optional() }))
    .optional(),
  merges: z.array(gridRange).optional(),
  rows: z.array(z.array(cellSchema)),
});

const isoTime = z.iso.datetime({ offset: true });
const email = z.string().regex(/^[^@\s]+@[^@\s]+$/);

export const spreadsheetSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, "ids may contain only letters, digits, - and _"),
  title: z.string().min(1),
  owner: email.optional(),
  sharedWith: z.array(email).optional(),
  modifiedTime: isoTime,
  createdTime: isoTime.optional(),
  trashed: z.boolean().optional(),
  parents: z.array(z.string()).optional(),
  locale: z.string().optional(),
  timeZone: z.string().optional(),
  sheets: z.array(sheetSchema).min(1),
});

export const driveFileSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().min(1),
  mimeType: z.string().min(1),
  modifiedTime: isoTime,
  createdTime: isoTime.optional(),
  owner: email.optional(),
  sharedWith: z.array(email).optional(),
  trashed: z.boolean().optional(),
  parents: z.array(z.string()).optional(),
  size: z.string().optional(),
});

export const accountSchema = z.strictObject({
  sub: z.string().regex(/^\d{6,30}$/, "Google subject ids are numeric strings"),
  email,
  name: z.string(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  picture: z.string().optional(),
});

export const clientSchema = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUris: z.array(z.url()).min(1),
  name: z.string().optional(),
});

/** `_emulator.json`: accounts shown on the consent page and (optional) registered OAuth clients. */
export const emulatorConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  accounts: z.array(accountSchema).min(1),
  clients: z.array(clientSchema).optional(),
});

/** `_drive.json`: non-spreadsheet Drive files. */
export const driveFilesSchema = z.strictObject({
  files: z.array(driveFileSchema),
});

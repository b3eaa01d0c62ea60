// Known OAuth scopes, Google's normalization of `email`/`profile`, and which scopes each API accepts.

const AUTH = "https://www.googleapis.com/auth/";

export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: "Associate you with your personal info on Google",
  [`${AUTH}userinfo.email`]: "See your primary Google Account email address",
  [`${AUTH}userinfo.profile`]: "See your personal info, including any personal info you've made publicly available",
  [`${AUTH}spreadsheets.readonly`]: "See all your Google Sheets spreadsheets",
  [`${AUTH}spreadsheets`]: "See, edit, create, and delete all your Google Sheets spreadsheets",
  [`${AUTH}drive.metadata.readonly`]: "See information about your Google Drive files",
  [`${AUTH}drive.readonly`]: "See and download all your Google Drive files",
  [`${AUTH}drive.file`]: "See, edit, create, and delete only the specific Google Drive files you use with this app",
  [`${AUTH}drive`]: "See, edit, create, and delete all of your Google Drive files",
};

/** Google rewrites the short aliases to full URLs in the granted `scope`. */
export function normalizeScope(scope: string): string {
  if (scope === "email") return `${AUTH}userinfo.email`;
  if (scope === "profile") return `${AUTH}userinfo.profile`;
  return scope;
}

export function parseScopes(raw: string): string[] {
  return [...new Set(raw.split(/\s+/).filter(Boolean).map(normalizeScope))];
}

export function isKnownScope(scope: string): boolean {
  return scope in SCOPE_DESCRIPTIONS;
}

/** Scopes that allow listing Drive files. `drive.file` is accepted but sees no files (none were opened by the app). */
export const DRIVE_LIST_SCOPES = ["drive", "drive.readonly", "drive.metadata.readonly", "drive.file"].map((s) => AUTH + s);
/** Scopes that allow reading spreadsheet values/metadata. */
export const SHEETS_READ_SCOPES = ["spreadsheets", "spreadsheets.readonly", "drive", "drive.readonly", "drive.file"].map((s) => AUTH + s);
export const DRIVE_FILE_SCOPE = `${AUTH}drive.file`;
export const EMAIL_SCOPE = `${AUTH}userinfo.email`;
export const PROFILE_SCOPE = `${AUTH}userinfo.profile`;

export function hasAny(granted: string[], accepted: string[]): boolean {
  return granted.some((s) => accepted.includes(s));
}

/** True when the only Drive/Sheets access comes from `drive.file` (per-file access, which the emulator never grants). */
export function onlyDriveFile(granted: string[], accepted: string[]): boolean {
  return granted.includes(DRIVE_FILE_SCOPE) && !hasAny(granted.filter((s) => s !== DRIVE_FILE_SCOPE), accepted);
}

// The emulator's mutable world: data (spreadsheets, Drive files), accounts, OAuth clients/grants and the clock.
import { DataStore } from "./store.ts";
import { Clock } from "./store.ts";
import { OAuthStore, type AccessLookup } from "./oauth-store.ts";
import type { LoadedFixtures } from "./fixtures.ts";
import type { Cell, DemoAccount, DriveFileFixture, OAuthClientConfig, SpreadsheetFixture, StoredSpreadsheet } from "./types.ts";

export interface OAuthSettings {
  accessTokenTtlSeconds: number;
  authCodeTtlSeconds: number;
  requirePkce: boolean;
  requireState: boolean;
}

export class EmulatorState {
  readonly clock = new Clock();
  readonly data = new DataStore(this.clock);
  readonly oauth = new OAuthStore(this.clock);
  accounts: DemoAccount[];
  /** Registered OAuth clients. Empty = permissive: any client id/secret and any http(s) redirect URI. */
  clients: OAuthClientConfig[];

  constructor(
    fixtures: LoadedFixtures,
    readonly settings: OAuthSettings,
  ) {
    for (const ss of fixtures.spreadsheets) this.data.addStored(ss);
    for (const f of fixtures.driveFiles) this.data.putDriveFile(f);
    this.accounts = fixtures.accounts;
    this.clients = fixtures.clients;
  }

  // ---- data helpers (delegates kept on `state` for a flat test API) ----
  putSpreadsheet(fixture: SpreadsheetFixture): StoredSpreadsheet {
    return this.data.putSpreadsheet(fixture);
  }
  getSpreadsheet(id: string): StoredSpreadsheet | undefined {
    return this.data.getSpreadsheet(id);
  }
  removeSpreadsheet(id: string): boolean {
    return this.data.removeSpreadsheet(id);
  }
  putDriveFile(file: DriveFileFixture): void {
    this.data.putDriveFile(file);
  }
  setTrashed(id: string, trashed: boolean): void {
    this.data.setTrashed(id, trashed);
  }
  setCell(spreadsheetId: string, sheetTitle: string, cell: string, value: Cell): void {
    this.data.setCell(spreadsheetId, sheetTitle, cell, value);
  }
  deleteRow(spreadsheetId: string, sheetTitle: string, row: number): void {
    this.data.deleteRow(spreadsheetId, sheetTitle, row);
  }
  appendRows(spreadsheetId: string, sheetTitle: string, rows: Cell[][]): void {
    this.data.appendRows(spreadsheetId, sheetTitle, rows);
  }

  // ---- auth helpers ----
  account(sub: string): DemoAccount | undefined {
    return this.accounts.find((a) => a.sub === sub);
  }
  accountByEmail(email: string): DemoAccount | undefined {
    return this.accounts.find((a) => a.email.toLowerCase() === email.toLowerCase());
  }
  client(clientId: string): OAuthClientConfig | undefined {
    return this.clients.find((c) => c.clientId === clientId);
  }
  lookupAccessToken(token: string): AccessLookup {
    return this.oauth.lookupAccessToken(token);
  }
  /** Permanently revokes every grant: refresh → invalid_grant, API calls → 401. */
  revokeAll(): void {
    this.oauth.revokeAll();
  }
  /** Expires every access token now (refresh tokens still work). */
  expireAccessTokens(): void {
    this.oauth.expireAccessTokens();
  }
  /** Moves emulator time forward (tokens and codes expire accordingly). */
  advanceClock(seconds: number): void {
    this.clock.advance(seconds);
  }
}

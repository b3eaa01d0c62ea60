// startGoogleEmulator(): one node:http server serving Google's real paths for OAuth, userinfo, Drive v3 and Sheets v4.
import type { OAuthEndpoints } from "../google-config.ts";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONTROL_ROUTES } from "./control-api.ts";
import { getFile, listFiles } from "./drive-api.ts";
import type { EmulatorEnv, Handler } from "./env.ts";
import { faultResponse } from "./fault-responses.ts";
import { EmulatorStats, FaultEngine, parseFaultConfig, type EndpointKind, type FaultConfig } from "./faults.ts";
import { loadFixtures, resolveFixturesDir } from "./fixtures.ts";
import { clientSchema } from "./fixture-schema.ts";
import { HttpError, rpcError, sendHtml, sendJson, sleep, type RequestContext } from "./http-util.ts";
import { IdTokenSigner } from "./id-token.ts";
import { approve, authorize, deny } from "./oauth-authorize.ts";
import { jwkCerts, pemCerts, revoke, token, tokenInfo } from "./oauth-token.ts";
import { batchGetValues, getSpreadsheet, getValues } from "./sheets-api.ts";
import { EmulatorState } from "./state.ts";
import type { DemoAccount, OAuthClientConfig } from "./types.ts";
import { userinfoV2, userinfoV3 } from "./userinfo.ts";

export interface GoogleEmulatorOptions {
  /** 0 (default) = random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: $GOOGLE_EMULATOR_FIXTURES_DIR, else the bundled `fixtures/`. */
  fixturesDir?: string;
  /** Default: JSON from $GOOGLE_EMULATOR_FAULTS, else none. */
  faults?: FaultConfig;
  /** Access token lifetime; default 3600. */
  accessTokenTtlSeconds?: number;
  /** Authorization code lifetime; default 600. */
  authCodeTtlSeconds?: number;
  /** Reject authorization requests without an S256 code_challenge; default true. */
  requirePkce?: boolean;
  /** Reject authorization requests without `state`; default true. */
  requireState?: boolean;
  /** Registered clients (strict mode). Default: $GOOGLE_EMULATOR_CLIENTS JSON, else `_emulator.json`, else permissive. */
  clients?: OAuthClientConfig[];
  /** Accounts offered on the consent page. Default: `_emulator.json`, else demo.owner@clinicpulse.test. */
  accounts?: DemoAccount[];
  /** Called with one line per request (e.g. console.log). */
  log?: (line: string) => void;
}

export interface GoogleEmulator {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** `url + "/"`: pass as `rootUrl` to google.sheets / google.drive / google.oauth2. */
  rootUrl: string;
  /** Pass as `endpoints` to `new google.auth.OAuth2({ ... })`. */
  endpoints: OAuthEndpoints;
  state: EmulatorState;
  stats: EmulatorStats;
  /** Replaces the fault rules (and resets their counters). `setFaults({})` clears them. */
  setFaults(faults: FaultConfig): void;
  close(): Promise<void>;
}

interface Route {
  method: string[];
  pattern: RegExp;
  kind: EndpointKind;
  handler: Handler;
}

const ID = "([A-Za-z0-9_-]+)";
const ROUTES: Route[] = [
  { method: ["GET"], pattern: /^\/o\/oauth2\/(?:v2\/)?auth$/, kind: "auth", handler: authorize },
  { method: ["POST"], pattern: /^\/o\/oauth2\/v2\/auth\/approve$/, kind: "auth", handler: approve },
  { method: ["POST"], pattern: /^\/o\/oauth2\/v2\/auth\/deny$/, kind: "auth", handler: deny },
  { method: ["POST"], pattern: /^\/(?:token|o\/oauth2\/token)$/, kind: "token", handler: token },
  { method: ["POST", "GET"], pattern: /^\/(?:revoke|o\/oauth2\/revoke)$/, kind: "revoke", handler: revoke },
  { method: ["POST", "GET"], pattern: /^\/(?:tokeninfo|oauth2\/v3\/tokeninfo)$/, kind: "tokeninfo", handler: tokenInfo },
  { method: ["GET"], pattern: /^\/oauth2\/v1\/certs$/, kind: "certs", handler: pemCerts },
  { method: ["GET"], pattern: /^\/oauth2\/v3\/certs$/, kind: "certs", handler: jwkCerts },
  { method: ["GET"], pattern: /^\/(?:oauth2\/v2\/userinfo|oauth2\/v1\/userinfo|userinfo\/v2\/me)$/, kind: "userinfo", handler: userinfoV2 },
  { method: ["GET", "POST"], pattern: /^\/(?:oauth2\/v3\/userinfo|v1\/userinfo)$/, kind: "userinfo", handler: userinfoV3 },
  { method: ["GET"], pattern: /^\/drive\/v3\/files$/, kind: "drive", handler: listFiles },
  { method: ["GET"], pattern: new RegExp(`^/drive/v3/files/${ID}$`), kind: "drive", handler: getFile },
  { method: ["GET"], pattern: new RegExp(`^/v4/spreadsheets/${ID}/values(?::|%3A)batchGet$`, "i"), kind: "sheets", handler: batchGetValues },
  { method: ["GET"], pattern: new RegExp(`^/v4/spreadsheets/${ID}/values/([^/]+)$`), kind: "sheets", handler: getValues },
  { method: ["GET"], pattern: new RegExp(`^/v4/spreadsheets/${ID}$`), kind: "sheets", handler: getSpreadsheet },
];

function sendError(res: ServerResponse, e: HttpError): void {
  if (typeof e.body === "string") sendHtml(res, e.status, e.body);
  else sendJson(res, e.status, e.body, e.headers);
}

function context(req: IncomingMessage, res: ServerResponse, base: string): RequestContext {
  const url = new URL(req.url ?? "/", base);
  return { req, res, method: req.method ?? "GET", url, rawPath: url.pathname, query: url.searchParams, params: [] };
}

function decodeParams(m: RegExpExecArray): string[] {
  try {
    return m.slice(1).map((p) => decodeURIComponent(p ?? ""));
  } catch {
    throw rpcError(400, "Invalid URL encoding");
  }
}

interface RequestMeta {
  kind?: EndpointKind;
  faulted: boolean;
}

async function dispatch(ctx: RequestContext, env: EmulatorEnv, meta: RequestMeta): Promise<void> {
  for (const route of CONTROL_ROUTES) {
    const m = route.pattern.exec(ctx.rawPath);
    if (m && route.method === ctx.method) {
      ctx.params = decodeParams(m);
      await route.handler(ctx, env);
      return;
    }
  }
  const matches = ROUTES.map((r) => ({ r, m: r.pattern.exec(ctx.rawPath) })).filter((x) => x.m !== null);
  const hit = matches.find((x) => x.r.method.includes(ctx.method));
  if (!hit || !hit.m) {
    const status = matches.length > 0 ? 405 : 404;
    throw rpcError(status, status === 405 ? `Method ${ctx.method} not allowed on ${ctx.rawPath} (emulator is read-only)` : `Not found: ${ctx.method} ${ctx.rawPath}`);
  }
  const { kind } = hit.r;
  meta.kind = kind;
  ctx.params = decodeParams(hit.m);
  env.stats.countCall(kind);
  const decision = env.faults.decide(kind);
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  if (decision.fault) {
    env.stats.countFault(kind);
    meta.faulted = true;
    const { error, html } = faultResponse(kind, decision.fault);
    if (html !== undefined) sendHtml(ctx.res, error.status, html);
    else sendError(ctx.res, error);
    return;
  }
  await hit.r.handler(ctx, env);
}

function envJson<T>(name: string, parse: (v: unknown) => T): T | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  try {
    return parse(JSON.parse(raw));
  } catch (e) {
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function startGoogleEmulator(opts: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const fixtures = loadFixtures(resolveFixturesDir(opts.fixturesDir));
  const state = new EmulatorState(fixtures, {
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    authCodeTtlSeconds: opts.authCodeTtlSeconds ?? 600,
    requirePkce: opts.requirePkce ?? true,
    requireState: opts.requireState ?? true,
  });
  const envClients = envJson("GOOGLE_EMULATOR_CLIENTS", (v) => clientSchema.array().parse(v));
  if (opts.clients ?? envClients) state.clients = opts.clients ?? envClients ?? [];
  if (opts.accounts) state.accounts = opts.accounts;
  const initialFaults = opts.faults ?? envJson("GOOGLE_EMULATOR_FAULTS", parseFaultConfig) ?? {};
  const stats = new EmulatorStats();
  const env: EmulatorEnv = {
    state,
    stats,
    faults: new FaultEngine(initialFaults),
    faultConfig: initialFaults,
    setFaults(config) {
      this.faults.set(config);
      this.faultConfig = config;
    },
    signer: new IdTokenSigner(),
    url: "",
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    const ctx = context(req, res, env.url || "http://localhost");
    const meta: RequestMeta = { faulted: false };
    dispatch(ctx, env, meta)
      .catch((e: unknown) => {
        if (res.headersSent) return;
        if (e instanceof HttpError) return sendError(res, e);
        console.error("[google-emulator] unexpected error", e);
        sendError(res, rpcError(500, "Internal error encountered."));
      })
      .finally(() => {
        const line = `${ctx.method} ${ctx.rawPath} -> ${res.statusCode} (${Date.now() - started}ms)`;
        opts.log?.(line);
        if (meta.kind) {
          stats.logRequest({ kind: meta.kind, method: ctx.method, path: ctx.rawPath, status: res.statusCode, faulted: meta.faulted, ms: Date.now() - started });
        }
      });
  });

  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  env.url = url;

  return {
    url,
    rootUrl: `${url}/`,
    endpoints: {
      oauth2AuthBaseUrl: `${url}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${url}/token`,
      oauth2RevokeUrl: `${url}/revoke`,
      tokenInfoUrl: `${url}/tokeninfo`,
      oauth2FederatedSignonPemCertsUrl: `${url}/oauth2/v1/certs`,
      oauth2FederatedSignonJwkCertsUrl: `${url}/oauth2/v3/certs`,
    },
    state,
    stats,
    setFaults: (f) => env.setFaults(f),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// Out-of-band control endpoints under /__emulator/ (for e2e tests driving an emulator in another process).
// Never counted in stats and never subject to faults.
import type { EmulatorEnv, Handler } from "./env.ts";
import { parseFaultConfig } from "./faults.ts";
import { FixtureError } from "./fixtures.ts";
import { HttpError, readBody, sendJson, type RequestContext } from "./http-util.ts";
import type { Cell, SpreadsheetFixture } from "./types.ts";

async function json(ctx: RequestContext): Promise<unknown> {
  const text = await readBody(ctx.req);
  try {
    return text === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, { error: "invalid JSON body" });
  }
}

function guard(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof FixtureError || (e instanceof Error && e.message.startsWith("invalid fault config"))) {
      throw new HttpError(400, { error: e.message });
    }
    throw e;
  }
}

const ok = (ctx: RequestContext, body: unknown = { ok: true }) => sendJson(ctx.res, 200, body);

export interface ControlRoute {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export const CONTROL_ROUTES: ControlRoute[] = [
  { method: "GET", pattern: /^\/__emulator\/health$/, handler: (ctx, env) => ok(ctx, { ok: true, url: env.url }) },
  { method: "GET", pattern: /^\/__emulator\/stats$/, handler: (ctx, env) => ok(ctx, env.stats.toJSON()) },
  { method: "POST", pattern: /^\/__emulator\/stats\/reset$/, handler: (ctx, env) => { env.stats.reset(); ok(ctx); } },
  { method: "GET", pattern: /^\/__emulator\/faults$/, handler: (ctx, env) => ok(ctx, env.faultConfig) },
  {
    method: "PUT",
    pattern: /^\/__emulator\/faults$/,
    handler: async (ctx, env) => {
      const body = await json(ctx);
      guard(() => env.setFaults(parseFaultConfig(body)));
      ok(ctx, env.faultConfig);
    },
  },
  { method: "POST", pattern: /^\/__emulator\/revoke-all$/, handler: (ctx, env) => { env.state.revokeAll(); ok(ctx); } },
  { method: "POST", pattern: /^\/__emulator\/expire-access-tokens$/, handler: (ctx, env) => { env.state.expireAccessTokens(); ok(ctx); } },
  {
    method: "POST",
    pattern: /^\/__emulator\/clock\/advance$/,
    handler: async (ctx, env: EmulatorEnv) => {
      const body = (await json(ctx)) as { seconds?: unknown };
      if (typeof body.seconds !== "number") throw new HttpError(400, { error: "expected { seconds: number }" });
      env.state.advanceClock(body.seconds);
      ok(ctx);
    },
  },
  {
    method: "PUT",
    pattern: /^\/__emulator\/spreadsheets\/([^/]+)$/,
    handler: async (ctx, env) => {
      const body = (await json(ctx)) as SpreadsheetFixture;
      guard(() => env.state.putSpreadsheet({ ...body, id: ctx.params[0] ?? body.id }));
      ok(ctx);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/__emulator\/spreadsheets\/([^/]+)$/,
    handler: (ctx, env) => ok(ctx, { ok: env.state.removeSpreadsheet(ctx.params[0] ?? "") }),
  },
  {
    method: "POST",
    pattern: /^\/__emulator\/spreadsheets\/([^/]+)\/cells$/,
    handler: async (ctx, env) => {
      const body = (await json(ctx)) as { sheet?: string; cell?: string; value?: Cell };
      guard(() => env.state.setCell(ctx.params[0] ?? "", body.sheet ?? "", body.cell ?? "", body.value ?? null));
      ok(ctx);
    },
  },
];

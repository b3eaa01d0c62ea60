// Fault injection (429/5xx, delays, fail-after-k, global revocation) and per-endpoint call statistics.
import { z } from "zod";

export const ENDPOINT_KINDS = ["auth", "token", "revoke", "tokeninfo", "certs", "userinfo", "drive", "sheets"] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

export interface FaultRule {
  /** HTTP status to answer with (429, 500, 503, ...). Omit for a pure delay rule. */
  status?: number;
  /** Adds a `Retry-After: <seconds>` header to the fault response. */
  retryAfterSeconds?: number;
  /** Apply to this many matching calls (after `failAfterCalls` successes, if set); default: every call. */
  times?: number;
  /** Let this many calls succeed first, then start failing. */
  failAfterCalls?: number;
  /** Wait this long before answering (applies to successful and failing answers). */
  delayMs?: number;
  /** Override the error message in the body. */
  message?: string;
}

/** Rules per endpoint kind; `*` applies to every kind except the browser consent page (`auth`). */
export type FaultConfig = Partial<Record<EndpointKind | "*", FaultRule | FaultRule[]>> & {
  /** While true: refresh_token grants return invalid_grant and API calls return 401. */
  revoked?: boolean;
};

const ruleSchema = z.strictObject({
  status: z.int().min(400).max(599).optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  times: z.int().nonnegative().optional(),
  failAfterCalls: z.int().nonnegative().optional(),
  delayMs: z.number().nonnegative().max(600_000).optional(),
  message: z.string().optional(),
});
const ruleOrList = z.union([ruleSchema, z.array(ruleSchema)]);

export const faultConfigSchema = z.strictObject({
  revoked: z.boolean().optional(),
  "*": ruleOrList.optional(),
  ...Object.fromEntries(ENDPOINT_KINDS.map((k) => [k, ruleOrList.optional()])),
});

/** Parses fault JSON (env var / control API); throws with a readable message. */
export function parseFaultConfig(input: unknown): FaultConfig {
  const r = faultConfigSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`invalid fault config: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}`);
  }
  return r.data as FaultConfig;
}

export interface FaultDecision {
  delayMs: number;
  fault?: { status: number; retryAfterSeconds?: number; message?: string };
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
}

export class FaultEngine {
  private rules = new Map<EndpointKind | "*", ActiveRule[]>();
  private revokedFlag = false;

  constructor(config: FaultConfig = {}) {
    this.set(config);
  }

  /** Replaces all rules and resets their counters. */
  set(config: FaultConfig): void {
    this.rules.clear();
    this.revokedFlag = config.revoked ?? false;
    for (const key of ["*", ...ENDPOINT_KINDS] as const) {
      const value = config[key];
      if (value === undefined) continue;
      const list = Array.isArray(value) ? value : [value];
      this.rules.set(key, list.map((rule) => ({ rule, seen: 0 })));
    }
  }

  get revoked(): boolean {
    return this.revokedFlag;
  }

  /** Counts the call against every matching rule and decides delay / failure. */
  decide(kind: EndpointKind): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    const applicable = [...(this.rules.get(kind) ?? []), ...(kind === "auth" ? [] : (this.rules.get("*") ?? []))];
    for (const active of applicable) {
      active.seen++;
      const { rule } = active;
      const skip = rule.failAfterCalls ?? 0;
      const n = active.seen - skip;
      const on = n >= 1 && (rule.times === undefined || n <= rule.times);
      if (!on) continue;
      decision.delayMs += rule.delayMs ?? 0;
      if (rule.status !== undefined && !decision.fault) {
        decision.fault = { status: rule.status };
        if (rule.retryAfterSeconds !== undefined) decision.fault.retryAfterSeconds = rule.retryAfterSeconds;
        if (rule.message !== undefined) decision.fault.message = rule.message;
      }
    }
    return decision;
  }
}

export interface RequestLogEntry {
  kind: EndpointKind;
  method: string;
  path: string;
  status: number;
  faulted: boolean;
  ms: number;
}

function zeroCounts(): Record<EndpointKind, number> {
  return Object.fromEntries(ENDPOINT_KINDS.map((k) => [k, 0])) as Record<EndpointKind, number>;
}

/** Per-endpoint counters. `calls` counts every request that reached an endpoint (faulted or not); `faults` the injected failures. */
export class EmulatorStats {
  calls = zeroCounts();
  faults = zeroCounts();
  /** Most recent requests (bounded to 1,000 entries). */
  log: RequestLogEntry[] = [];

  get total(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  /** Called when a request reaches an endpoint (before any delay), so counts are visible to clients immediately. */
  countCall(kind: EndpointKind): void {
    this.calls[kind]++;
  }

  countFault(kind: EndpointKind): void {
    this.faults[kind]++;
  }

  /** Called when the response has been sent. */
  logRequest(entry: RequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > 1000) this.log.splice(0, this.log.length - 1000);
  }

  reset(): void {
    this.calls = zeroCounts();
    this.faults = zeroCounts();
    this.log = [];
  }

  toJSON(): { calls: Record<EndpointKind, number>; faults: Record<EndpointKind, number>; total: number } {
    return { calls: this.calls, faults: this.faults, total: this.total };
  }
}

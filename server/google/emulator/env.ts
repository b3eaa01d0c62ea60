// What every endpoint handler receives besides the request.
import type { EmulatorStats, FaultConfig, FaultEngine } from "./faults.ts";
import type { RequestContext } from "./http-util.ts";
import type { IdTokenSigner } from "./id-token.ts";
import type { EmulatorState } from "./state.ts";

export interface EmulatorEnv {
  state: EmulatorState;
  faults: FaultEngine;
  /** Last config passed to setFaults (for the control API). */
  faultConfig: FaultConfig;
  setFaults(config: FaultConfig): void;
  signer: IdTokenSigner;
  stats: EmulatorStats;
  url: string;
}

export type Handler = (ctx: RequestContext, env: EmulatorEnv) => void | Promise<void>;

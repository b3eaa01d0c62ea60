import { z } from "zod";
import { enqueueRun } from "../../sync/queue.ts";
import { getRun, listConnections, listRejections, listRuns, rejectionsCsv, requestSync, setSchedule, MAX_FREQUENCY_MINUTES, MIN_FREQUENCY_MINUTES } from "../../sync/service.ts";
import { clinicProcedure } from "../clinic-procedure.ts";
import { router } from "../init.ts";

const id = z.string().min(1).max(64);

/**
 * Spreadsheet syncs (docs/sync.md): start one, watch it, read the history and rejected cells, set
 * the schedule. Every procedure is on the tenant path; connection and run ids are looked up within
 * the clinic of the input, so another clinic's ids are NOT_FOUND.
 */
export const syncRouter = router({
  /** Queues a sync (or returns the one already queued or running for this connection). */
  syncNow: clinicProcedure("sync:run")
    .input(z.object({ connectionId: id }))
    .mutation(async ({ ctx, input }) => {
      const run = await ctx.tenant.db.run((tx) => requestSync(tx, { clinicId: input.clinicId, connectionId: input.connectionId, createdBy: ctx.session.user.id }));
      if (run.created) {
        await enqueueRun({ runId: run.runId, connectionId: input.connectionId, clinicId: input.clinicId }).catch((error: unknown) =>
          ctx.log.warn({ err: error, runId: run.runId }, "could not enqueue the sync job; the scheduler will send it"),
        );
      }
      return { runId: run.runId, status: run.status, alreadyActive: !run.created };
    }),

  /** The clinic's runs, newest first; optionally of one connection. */
  runs: clinicProcedure("sync:run")
    .input(z.object({ connectionId: id.optional(), limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).max(100_000).default(0) }))
    .query(({ ctx, input }) => ctx.tenant.db.run((tx) => listRuns(tx, input))),

  /** One run: status, live progress and counts. Polled every second while it runs. */
  run: clinicProcedure("sync:run")
    .input(z.object({ runId: id }))
    .query(({ ctx, input }) => ctx.tenant.db.run((tx) => getRun(tx, input))),

  /** A page of the cells a run rejected, in sheet order. */
  rejections: clinicProcedure("sync:run")
    .input(z.object({ runId: id, limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).max(1_000_000).default(0) }))
    .query(({ ctx, input }) => ctx.tenant.db.run((tx) => listRejections(tx, input))),

  /** Every rejected cell of a run as CSV text (the download route serves it as a file). */
  rejectionsCsv: clinicProcedure("sync:run")
    .input(z.object({ runId: id }))
    .query(({ ctx, input }) => ctx.tenant.db.run((tx) => rejectionsCsv(tx, input))),

  /** The clinic's spreadsheet connections with their latest run and schedule. */
  connections: clinicProcedure("sync:run").query(({ ctx, input }) => ctx.tenant.db.run((tx) => listConnections(tx, input.clinicId))),

  /** Sync every 15 minutes to 24 hours, or "off" (paused). */
  setSchedule: clinicProcedure("google:manage")
    .input(z.object({ connectionId: id, frequencyMinutes: z.union([z.literal("off"), z.number().int().min(MIN_FREQUENCY_MINUTES).max(MAX_FREQUENCY_MINUTES)]) }))
    .mutation(({ ctx, input }) => ctx.tenant.db.run((tx) => setSchedule(tx, input))),
});

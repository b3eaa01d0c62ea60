import { z } from "zod";
import { authorizedClientFor } from "../../google/credentials/index.ts";
import { AppError } from "../../errors/app-error.ts";
import { mappingConfigSchema } from "../../sheets/mapping-config.ts";
import { guessHeaderRow, listSpreadsheets, parseSpreadsheetRef, readGrid, spreadsheetTabs } from "../../sheets/wizard/google-files.ts";
import { discardUnfinishedImport, listUnfinishedImports } from "../../sheets/wizard/drafts.ts";
import { previewMapping } from "../../sheets/wizard/preview.ts";
import { suggestForGrid } from "../../sheets/wizard/suggest.ts";
import { activeMapping, clinicProviders, createProvider, discardDraft, loadDraft, rememberedChoices, saveDraft, saveMapping } from "../../sheets/wizard/save-mapping.ts";
import type { TenantDb } from "../../tenancy/tenant-db.ts";
import { clinicProcedure } from "../clinic-procedure.ts";
import { router } from "../init.ts";

/**
 * The import wizard's steps. Every procedure runs on the tenant path with the google:manage
 * permission; Google is called outside any database transaction (the authorized client is
 * fetched in a short one first).
 */
const credentialId = z.string().min(1).max(64);
const spreadsheetId = z.string().regex(/^[a-zA-Z0-9_-]{10,200}$/, "That is not a spreadsheet id.");
const manage = () => clinicProcedure("google:manage");

/**
 * The caller's own linked Google account, ready to call Drive and Sheets. Someone else's link is
 * refused (FORBIDDEN): it can read everything its Google user can, other clinics' sheets included.
 * Saved connections keep syncing with the account they were saved with, whoever starts the sync.
 */
function ownGoogleClient(ctx: { tenant: { db: TenantDb }; session: { user: { id: string } } }, input: { clinicId: string; credentialId: string }) {
  return authorizedClientFor(ctx.tenant.db, { clinicId: input.clinicId, credentialId: input.credentialId, userId: ctx.session.user.id });
}

export const sheetsRouter = router({
  spreadsheets: manage()
    .input(z.object({ credentialId, search: z.string().max(100).optional(), pageToken: z.string().max(500).optional() }))
    .query(async ({ ctx, input }) => {
      const auth = await ownGoogleClient(ctx, input);
      return listSpreadsheets(auth, input);
    }),

  /** Tabs of a spreadsheet given by id or pasted URL. */
  tabs: manage()
    .input(z.object({ credentialId, spreadsheetRef: z.string().min(1).max(500) }))
    .query(async ({ ctx, input }) => {
      const id = parseSpreadsheetRef(input.spreadsheetRef);
      if (!id) throw new AppError("BAD_REQUEST", "That does not look like a Google Sheets link. Copy the address of the spreadsheet from your browser.", "spreadsheetRef");
      const auth = await ownGoogleClient(ctx, input);
      return spreadsheetTabs(auth, id);
    }),

  /** The raw grid of one tab (first rows, as displayed) and a guess at the header row. */
  grid: manage()
    .input(z.object({ credentialId, spreadsheetId, tab: z.string().min(1).max(200) }))
    .query(async ({ ctx, input }) => {
      const auth = await ownGoogleClient(ctx, input);
      const grid = await readGrid(auth, input.spreadsheetId, input.tab);
      return { grid: grid.formatted, guessedHeaderRow: guessHeaderRow(grid.formatted) };
    }),

  /** Suggested column mappings for a tab, remembering the clinic's previous choices for this spreadsheet. */
  suggest: manage()
    .input(z.object({ credentialId, spreadsheetId, tab: z.string().min(1).max(200), headerRow: z.number().int().min(1).max(1000) }))
    .query(async ({ ctx, input }) => {
      const { providers, previous } = await ctx.tenant.db.run(async (tx) => {
        const connection = await tx.spreadsheetConnection.findFirst({ where: { clinicId: input.clinicId, spreadsheetId: input.spreadsheetId }, select: { id: true } });
        const mapping = connection ? await activeMapping(tx, input.clinicId, connection.id) : null;
        return { providers: await clinicProviders(tx, input.clinicId), previous: mapping ? rememberedChoices(mapping.config) : undefined };
      });
      const auth = await ownGoogleClient(ctx, input);
      const grid = await readGrid(auth, input.spreadsheetId, input.tab, input.headerRow + 40);
      return { ...suggestForGrid(grid.formatted, input.headerRow, providers, previous), providers };
    }),

  /** The transformed rows as a sync would write them, with every bad cell explained. */
  preview: manage()
    .input(z.object({ credentialId, spreadsheetId, config: mappingConfigSchema }))
    .query(async ({ ctx, input }) => {
      const providers = await ctx.tenant.db.run((tx) => clinicProviders(tx, input.clinicId));
      const auth = await ownGoogleClient(ctx, input);
      const meta = await spreadsheetTabs(auth, input.spreadsheetId);
      return previewMapping(auth, {
        spreadsheetId: input.spreadsheetId,
        config: input.config,
        clinicProviderIds: providers.map((p) => p.id),
        tabTitles: meta.tabs.map((t) => t.title),
      });
    }),

  providers: manage().query(({ ctx, input }) => ctx.tenant.db.run((tx) => clinicProviders(tx, input.clinicId))),

  createProvider: manage()
    .input(z.object({ name: z.string().trim().min(1).max(120), providerType: z.enum(["dentist", "hygienist", "specialist", "other"]).default("dentist") }))
    .mutation(({ ctx, input }) => ctx.tenant.db.run((tx) => createProvider(tx, input.clinicId, input))),

  /** Saves the connection and a new mapping version; the caller then starts the first sync. */
  save: manage()
    .input(z.object({ credentialId, spreadsheetId, spreadsheetName: z.string().min(1).max(300), config: mappingConfigSchema, draftId: z.string().max(64).optional() }))
    .mutation(async ({ ctx, input }) => {
      const auth = await ownGoogleClient(ctx, input);
      const meta = await spreadsheetTabs(auth, input.spreadsheetId);
      const titles = meta.tabs.map((t) => t.title);
      return ctx.tenant.db.run(async (tx) => {
        const saved = await saveMapping(tx, {
          clinicId: input.clinicId,
          userId: ctx.session.user.id,
          credentialId: input.credentialId,
          spreadsheetId: input.spreadsheetId,
          spreadsheetName: input.spreadsheetName,
          config: input.config,
          sheetNames: titles,
        });
        if (input.draftId) await discardDraft(tx, input.clinicId, ctx.session.user.id, input.draftId);
        return saved;
      });
    }),

  saveDraft: manage()
    .input(z.object({ draftId: z.string().max(64).optional(), step: z.string().min(1).max(40), state: z.record(z.string(), z.unknown()) }))
    .mutation(({ ctx, input }) => ctx.tenant.db.run((tx) => saveDraft(tx, { clinicId: input.clinicId, userId: ctx.session.user.id, draftId: input.draftId, step: input.step, state: input.state }))),

  draft: manage()
    .input(z.object({ draftId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => ctx.tenant.db.run((tx) => loadDraft(tx, input.clinicId, ctx.session.user.id, input.draftId))),

  /** The caller's unfinished imports in the clinic (drafts are personal), newest first, with the step reached. */
  drafts: manage().query(({ ctx, input }) => ctx.tenant.db.run((tx) => listUnfinishedImports(tx, input.clinicId, ctx.session.user.id))),

  /** Discards one of the caller's unfinished imports; another clinic's or person's draft is NOT_FOUND. */
  discardDraft: manage()
    .input(z.object({ draftId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => ctx.tenant.db.run((tx) => discardUnfinishedImport(tx, { clinicId: input.clinicId, userId: ctx.session.user.id, draftId: input.draftId }))),
});

import { z } from "zod";
import { AppError } from "../../errors/app-error.ts";
import type { TenantTx } from "../../tenancy/tenant-db.ts";
import { IMPORT_STEPS, importStepIndex } from "./steps.ts";

/**
 * Unfinished imports: the wizard saves its choices as a draft (`sheet_import_drafts`) every time
 * Next is pressed, and the draft is deleted when its mapping is saved. Drafts are personal — Row
 * Level Security lets only the person who started one see it, and only while they may manage
 * Google connections in that clinic — so "the clinic's unfinished imports" are always the caller's
 * own, and every query here also names the clinic and the user.
 */
export interface UnfinishedImport {
  id: string;
  /** The chosen spreadsheet's name, or null before one is chosen. */
  spreadsheetName: string | null;
  /** Tabs chosen by name (empty until the tabs step is done, or when a pattern is used). */
  tabs: string[];
  /** The tab pattern chosen instead of names (e.g. "monthly"), or null. */
  tabPattern: string | null;
  /** The step the wizard reopens on: the furthest step reached with the choices saved (1-based). */
  stepNumber: number;
  stepKey: string;
  stepLabel: string;
  totalSteps: number;
  startedBy: { userId: string; name: string | null; email: string | null };
  createdAt: Date;
  updatedAt: Date;
}

/** What the drafts' JSON may hold; anything else in it is ignored, anything malformed is treated as missing. */
const savedState = z
  .object({
    step: z.number().int().catch(0),
    spreadsheetName: z.string().max(300).optional().catch(undefined),
    tabMode: z.enum(["list", "pattern"]).optional().catch(undefined),
    tabs: z.array(z.string().max(200)).max(500).optional().catch(undefined),
    pattern: z.string().max(200).optional().catch(undefined),
  })
  .partial()
  .catch({});

const TABS_STEP = importStepIndex("tabs")!;

function describe(draft: { step: string; state: unknown }) {
  const state = savedState.parse(draft.state ?? {});
  const fromKey = importStepIndex(draft.step);
  const index = Math.min(Math.max(fromKey ?? state.step ?? 0, 0), IMPORT_STEPS.length - 1);
  // Tabs count as chosen once the tabs step was left with Next (the state then sits past it).
  const tabsChosen = index > TABS_STEP;
  const pattern = tabsChosen && state.tabMode === "pattern" ? (state.pattern ?? null) : null;
  return {
    spreadsheetName: state.spreadsheetName?.trim() ? state.spreadsheetName : null,
    tabs: tabsChosen && state.tabMode !== "pattern" ? (state.tabs ?? []) : [],
    tabPattern: pattern,
    stepNumber: index + 1,
    stepKey: IMPORT_STEPS[index]!.key,
    stepLabel: IMPORT_STEPS[index]!.label,
    totalSteps: IMPORT_STEPS.length,
  };
}

/** The caller's unfinished imports in the clinic, most recently touched first. */
export async function listUnfinishedImports(tx: TenantTx, clinicId: string, userId: string): Promise<UnfinishedImport[]> {
  const rows = await tx.sheetImportDraft.findMany({
    where: { clinicId, userId },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 100,
    select: { id: true, userId: true, step: true, state: true, createdAt: true, updatedAt: true },
  });
  if (rows.length === 0) return [];
  const users = await tx.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.userId))] } }, select: { id: true, name: true, email: true } });
  return rows.map((r) => {
    const user = users.find((u) => u.id === r.userId);
    return {
      id: r.id,
      ...describe(r),
      startedBy: { userId: r.userId, name: user?.name ?? null, email: user?.email ?? null },
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  });
}

/**
 * Discards one of the caller's unfinished imports. A draft of another clinic or another person —
 * or one already gone — is NOT_FOUND, and nothing is deleted. Nothing was imported from a draft,
 * so discarding it touches no connection, mapping or metric.
 */
export async function discardUnfinishedImport(tx: TenantTx, input: { clinicId: string; userId: string; draftId: string }) {
  const draft = await tx.sheetImportDraft.findFirst({ where: { id: input.draftId, clinicId: input.clinicId, userId: input.userId }, select: { id: true, step: true, state: true } });
  if (!draft) throw new AppError("NOT_FOUND", "That unfinished import no longer exists. It may have been saved or discarded already.");
  await tx.sheetImportDraft.delete({ where: { id: draft.id } });
  const { spreadsheetName } = describe(draft);
  return {
    draftId: draft.id,
    spreadsheetName,
    message: spreadsheetName
      ? `The unfinished import of “${spreadsheetName}” was discarded. Nothing had been imported from it, and your connected spreadsheets are unchanged.`
      : "The unfinished import was discarded. Nothing had been imported from it, and your connected spreadsheets are unchanged.",
  };
}

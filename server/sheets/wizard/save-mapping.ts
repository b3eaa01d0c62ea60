import { Prisma } from "../../db/generated/client.ts";
import { AppError } from "../../errors/app-error.ts";
import type { TenantTx } from "../../tenancy/tenant-db.ts";
import { mappingConfigSchema, type MappingConfig } from "../mapping-config.ts";

/**
 * Saves a mapping: the spreadsheet connection (one per clinic and spreadsheet) and a NEW version of
 * its column mapping; older versions stay for the record, inactive. Sync runs record the version.
 */
export async function saveMapping(
  tx: TenantTx,
  input: { clinicId: string; userId: string; credentialId: string; spreadsheetId: string; spreadsheetName: string; config: MappingConfig; sheetNames: string[] },
): Promise<{ connectionId: string; version: number }> {
  const config = mappingConfigSchema.parse(input.config);
  const credential = await tx.googleCredential.findFirst({ where: { id: input.credentialId, clinicId: input.clinicId }, select: { userId: true } });
  if (!credential) throw new AppError("NOT_FOUND", "That Google account is not linked to this clinic. Link it again.");
  if (credential.userId !== input.userId) {
    throw new AppError("FORBIDDEN", "That Google account was linked by a colleague. Connect your own Google account to save a spreadsheet with it.");
  }
  // Names may map to "no provider" (null); every id named must be one of this clinic's providers.
  const providerIds = [...new Set(Object.values(config.providerMap).filter((id): id is string => id !== null))];
  if (providerIds.length > 0) {
    const known = await tx.provider.count({ where: { clinicId: input.clinicId, id: { in: providerIds } } });
    if (known !== providerIds.length) {
      throw new AppError("BAD_REQUEST", "A provider chosen for a name in the sheet is not one of this clinic's providers. Choose the providers again in the mapping step.", "providerMap");
    }
  }
  const connection = await tx.spreadsheetConnection.upsert({
    where: { clinicId_spreadsheetId: { clinicId: input.clinicId, spreadsheetId: input.spreadsheetId } },
    create: {
      clinicId: input.clinicId,
      credentialId: input.credentialId,
      spreadsheetId: input.spreadsheetId,
      spreadsheetName: input.spreadsheetName,
      sheetNames: input.sheetNames,
      createdBy: input.userId,
    },
    update: { credentialId: input.credentialId, spreadsheetName: input.spreadsheetName, sheetNames: input.sheetNames, syncStatus: "active", lastError: null },
  });
  const latest = await tx.columnMappingV2.aggregate({ where: { connectionId: connection.id }, _max: { version: true } });
  const version = (latest._max.version ?? 0) + 1;
  await tx.columnMappingV2.updateMany({ where: { connectionId: connection.id, isActive: true }, data: { isActive: false } });
  await tx.columnMappingV2.create({
    data: {
      clinicId: input.clinicId,
      connectionId: connection.id,
      sheetName: config.tabs.mode === "list" ? config.tabs.names.join(", ") : config.tabs.pattern,
      mappingConfig: config as unknown as Prisma.InputJsonValue,
      version,
      isActive: true,
      createdBy: input.userId,
    },
  });
  return { connectionId: connection.id, version };
}

/** The active mapping of a connection, with its header → field choices for re-suggesting. */
export async function activeMapping(tx: TenantTx, clinicId: string, connectionId: string) {
  const row = await tx.columnMappingV2.findFirst({ where: { clinicId, connectionId, isActive: true }, orderBy: { version: "desc" } });
  if (!row) return null;
  const parsed = mappingConfigSchema.safeParse(row.mappingConfig);
  return parsed.success ? { version: row.version, config: parsed.data } : null;
}

export function rememberedChoices(config: MappingConfig): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const c of config.columns) out[c.header] = c.field;
  for (const c of config.ignored) out[c.header] = null;
  return out;
}

export async function createProvider(tx: TenantTx, clinicId: string, input: { name: string; providerType: string }) {
  const name = input.name.trim();
  if (!name) throw new AppError("BAD_REQUEST", "Enter the provider's name.", "name");
  const existing = await tx.provider.findFirst({ where: { clinicId, name: { equals: name, mode: "insensitive" } }, select: { id: true, name: true } });
  if (existing) return existing;
  return tx.provider.create({ data: { clinicId, name, providerType: input.providerType, status: "active" }, select: { id: true, name: true } });
}

export async function clinicProviders(tx: TenantTx, clinicId: string) {
  return tx.provider.findMany({ where: { clinicId }, select: { id: true, name: true, providerType: true, status: true }, orderBy: { name: "asc" } });
}

/** Wizard drafts: each step's choices are saved, so a staff member can leave and come back. */
export async function saveDraft(tx: TenantTx, input: { clinicId: string; userId: string; draftId?: string; step: string; state: unknown }) {
  const state = input.state as Prisma.InputJsonValue;
  if (input.draftId) {
    const updated = await tx.sheetImportDraft.updateMany({ where: { id: input.draftId, clinicId: input.clinicId, userId: input.userId }, data: { step: input.step, state } });
    if (updated.count === 0) throw new AppError("NOT_FOUND", "That import draft no longer exists. Start again.");
    return { draftId: input.draftId };
  }
  const created = await tx.sheetImportDraft.create({ data: { clinicId: input.clinicId, userId: input.userId, step: input.step, state } });
  return { draftId: created.id };
}

export async function loadDraft(tx: TenantTx, clinicId: string, userId: string, draftId: string) {
  const draft = await tx.sheetImportDraft.findFirst({ where: { id: draftId, clinicId, userId } });
  if (!draft) throw new AppError("NOT_FOUND", "That import draft no longer exists. Start again.");
  return { draftId: draft.id, step: draft.step, state: draft.state, updatedAt: draft.updatedAt };
}

export async function discardDraft(tx: TenantTx, clinicId: string, userId: string, draftId: string) {
  await tx.sheetImportDraft.deleteMany({ where: { id: draftId, clinicId, userId } });
}

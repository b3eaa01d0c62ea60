import { readDataModel } from "../db/schema-drift.ts";
import { exec, rows, tableExists, type PgClient } from "./sql.ts";

/**
 * Rows that point at a row that does not exist, for every relation prisma/schema.prisma declares
 * (the foreign keys the database has, or will have once phase 3 is applied). Before phase 3 these
 * stop the phase; the operator lists them with `--validate-only` and removes them with
 * `--delete-orphans`.
 */
export interface Relation {
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
  nullable: boolean;
}

export interface OrphanGroup extends Relation {
  count: number;
  examples: string[];
}

let cached: Relation[] | undefined;

export function schemaRelations(): Relation[] {
  if (cached) return cached;
  const dmmf = readDataModel() as unknown as {
    datamodel: {
      models: {
        name: string;
        dbName?: string | null;
        fields: { name: string; dbName?: string | null; kind: string; type: string; isRequired: boolean; relationFromFields?: string[]; relationToFields?: string[] }[];
      }[];
    };
  };
  const models = dmmf.datamodel.models;
  const out: Relation[] = [];
  for (const model of models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields || field.relationFromFields.length !== 1) continue;
      const target = models.find((m) => m.name === field.type);
      const from = model.fields.find((f) => f.name === field.relationFromFields![0]);
      const to = target?.fields.find((f) => f.name === field.relationToFields?.[0]);
      if (!target || !from || !to) continue;
      out.push({
        table: model.dbName ?? model.name,
        column: from.dbName ?? from.name,
        refTable: target.dbName ?? target.name,
        refColumn: to.dbName ?? to.name,
        nullable: !from.isRequired,
      });
    }
  }
  cached = out.sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
  return cached;
}

const orphanWhere = (r: Relation) =>
  `c."${r.column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "${r.refTable}" p WHERE p."${r.refColumn}" = c."${r.column}")`;

export async function findOrphans(client: PgClient): Promise<OrphanGroup[]> {
  const found: OrphanGroup[] = [];
  for (const r of schemaRelations()) {
    if (!(await tableExists(client, r.table)) || !(await tableExists(client, r.refTable))) continue;
    const [row] = await rows<{ n: number; examples: string[] | null }>(
      client,
      `SELECT count(*)::int AS n, (array_agg(c."${r.column}"::text ORDER BY c."${r.column}"))[1:3] AS examples FROM "${r.table}" c WHERE ${orphanWhere(r)}`,
    );
    if (row && row.n > 0) found.push({ ...r, count: row.n, examples: row.examples ?? [] });
  }
  return found;
}

/**
 * Removes orphans: a row whose required reference is missing is deleted; an optional reference to
 * a missing row is set to NULL (the row stays). Returns the rows as they were, for the report.
 */
export async function deleteOrphans(client: PgClient): Promise<{ relation: Relation; action: "deleted" | "set null"; rows: Record<string, unknown>[] }[]> {
  const done: { relation: Relation; action: "deleted" | "set null"; rows: Record<string, unknown>[] }[] = [];
  for (const group of await findOrphans(client)) {
    const before = await rows(client, `SELECT * FROM "${group.table}" c WHERE ${orphanWhere(group)}`);
    if (group.nullable) {
      await exec(client, `UPDATE "${group.table}" c SET "${group.column}" = NULL WHERE ${orphanWhere(group)}`);
      done.push({ relation: group, action: "set null", rows: before });
    } else {
      await exec(client, `DELETE FROM "${group.table}" c WHERE ${orphanWhere(group)}`);
      done.push({ relation: group, action: "deleted", rows: before });
    }
  }
  return done;
}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type pg from "pg";

/**
 * Compares a live database with prisma/schema.prisma: tables, columns (type, nullability,
 * default), primary keys, indexes, unique constraints and foreign keys. Prisma's schema engine
 * (which `prisma migrate diff` needs) cannot be downloaded here, so our hand-written migrations
 * are checked against the data model that Prisma's own WASM parser reads from the schema file.
 * Returns a list of human-readable differences; empty means no drift.
 */

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUpdatedAt: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationName?: string;
}
interface DmmfModel {
  name: string;
  dbName?: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "normal" | "unique" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
}

export function readDataModel(schemaPath = "prisma/schema.prisma"): Dmmf {
  const require = createRequire(import.meta.url);
  const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: readFileSync(schemaPath, "utf8") }))) as Dmmf;
}

const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (f: DmmfField) => f.dbName ?? f.name;

/** The PostgreSQL type Prisma creates for a field, in format_type() spelling. */
export function expectedColumnType(f: DmmfField): string {
  const native = f.nativeType;
  let base: string;
  if (native) {
    const [name, args] = native;
    const map: Record<string, string> = {
      Date: "date",
      Text: "text",
      Uuid: "uuid",
      Timestamptz: `timestamp(${args[0] ?? 3}) with time zone`,
      Timestamp: `timestamp(${args[0] ?? 3}) without time zone`,
      Decimal: `numeric(${args[0]},${args[1]})`,
      VarChar: `character varying(${args[0]})`,
      Inet: "inet",
      SmallInt: "smallint",
    };
    base = map[name] ?? name.toLowerCase();
  } else {
    const map: Record<string, string> = {
      String: "text",
      Int: "integer",
      BigInt: "bigint",
      Boolean: "boolean",
      DateTime: "timestamp(3) without time zone",
      Decimal: "numeric(65,30)",
      Json: "jsonb",
      Float: "double precision",
      Bytes: "bytea",
    };
    base = map[f.type] ?? f.type;
  }
  return f.isList ? `${base}[]` : base;
}

/** The column default Prisma creates (as pg_get_expr prints it), or null for none. */
export function expectedDefault(f: DmmfField): string | null {
  const d = f.default as { name?: string; args?: unknown[] } | string | number | boolean | undefined;
  if (d === undefined || d === null) return null;
  if (typeof d === "object" && "name" in d) {
    if (d.name === "now") return "CURRENT_TIMESTAMP";
    if (d.name === "dbgenerated") return String(d.args?.[0] ?? "");
    return null; // cuid(), uuid(), autoincrement handled by the client or a sequence
  }
  if (typeof d === "string") {
    if (f.type === "String") return `'${d.replace(/'/g, "''")}'::text`;
    if (f.type === "BigInt") return d; // the DMMF gives BigInt defaults as strings; PostgreSQL prints a plain number
    return `'${d}'`;
  }
  return String(d);
}

function defaultIndexName(table: string, columns: string[], suffix: "idx" | "key"): string {
  return `${table}_${columns.join("_")}_${suffix}`.slice(0, 63);
}

function normaliseDefault(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/^\((.*)\)$/, "$1");
}

export async function findSchemaDrift(client: pg.ClientBase | pg.Pool, dmmf: Dmmf = readDataModel()): Promise<string[]> {
  const problems: string[] = [];
  const { rows: columns } = await client.query<{ table_name: string; column_name: string; type: string; not_null: boolean; default_expr: string | null }>(`
    SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expr
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attnum > 0 AND NOT a.attisdropped`);
  const { rows: indexes } = await client.query<{ table_name: string; index_name: string; is_unique: boolean; is_primary: boolean; columns: string[] }>(`
    SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
           array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
      FROM pg_index ix
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()`);
  const { rows: fks } = await client.query<{ table_name: string; constraint_name: string; columns: string[]; ref_table: string; ref_columns: string[]; on_delete: string }>(`
    SELECT c.conrelid::regclass::text AS table_name, c.conname AS constraint_name,
           array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
           c.confrelid::regclass::text AS ref_table,
           array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns,
           CASE c.confdeltype WHEN 'a' THEN 'NoAction' WHEN 'r' THEN 'Restrict' WHEN 'c' THEN 'Cascade' WHEN 'n' THEN 'SetNull' WHEN 'd' THEN 'SetDefault' END AS on_delete
      FROM pg_constraint c
      JOIN pg_namespace n ON n.oid = c.connamespace AND n.nspname = current_schema()
     WHERE c.contype = 'f'`);

  const dbTables = new Set(columns.map((c) => c.table_name));
  const modelTables = new Set(dmmf.datamodel.models.map(tableOf));
  for (const table of dbTables) {
    if (table !== "_prisma_migrations" && !modelTables.has(table)) problems.push(`table ${table} exists in the database but not in schema.prisma`);
  }

  for (const model of dmmf.datamodel.models) {
    const table = tableOf(model);
    if (!dbTables.has(table)) {
      problems.push(`table ${table} (model ${model.name}) is missing from the database`);
      continue;
    }
    const dbColumns = new Map(columns.filter((c) => c.table_name === table).map((c) => [c.column_name, c]));
    const scalarFields = model.fields.filter((f) => f.kind !== "object");
    for (const field of scalarFields) {
      const column = dbColumns.get(columnOf(field));
      const where = `${table}.${columnOf(field)}`;
      if (!column) {
        problems.push(`column ${where} is missing from the database`);
        continue;
      }
      const type = expectedColumnType(field);
      if (column.type !== type) problems.push(`column ${where} has type ${column.type}, schema says ${type}`);
      const notNull = field.isRequired || field.isId;
      if (!field.isList && column.not_null !== notNull) problems.push(`column ${where} is ${column.not_null ? "NOT NULL" : "nullable"}, schema says ${notNull ? "required" : "optional"}`);
      const wantDefault = expectedDefault(field);
      const haveDefault = normaliseDefault(column.default_expr);
      if ((wantDefault ?? null) !== (haveDefault ?? null)) problems.push(`column ${where} has default ${haveDefault ?? "none"}, schema says ${wantDefault ?? "none"}`);
    }
    const fieldNames = new Set(scalarFields.map(columnOf));
    for (const name of dbColumns.keys()) {
      if (!fieldNames.has(name)) problems.push(`column ${table}.${name} exists in the database but not in schema.prisma`);
    }

    const byName = new Map(model.fields.map((f) => [f.name, f]));
    const dbIndexes = indexes.filter((i) => i.table_name === table);
    const expected = dmmf.datamodel.indexes.filter((i) => i.model === model.name && i.type !== "fulltext");
    const matched = new Set<string>();
    for (const index of expected) {
      const cols = index.fields.map((f) => columnOf(byName.get(f.name)!));
      const isPk = index.type === "id";
      const unique = index.type === "unique" || isPk;
      const name = isPk ? `${table}_pkey` : (index.dbName ?? defaultIndexName(table, cols, unique ? "key" : "idx"));
      const found = dbIndexes.find((i) => i.index_name === name);
      const label = `${isPk ? "primary key" : unique ? "unique index" : "index"} ${name} (${cols.join(", ")})`;
      if (!found) {
        problems.push(`${label} is missing from the database`);
        continue;
      }
      matched.add(found.index_name);
      if (found.columns.join(",") !== cols.join(",")) problems.push(`${label} covers (${found.columns.join(", ")}) in the database`);
      if (found.is_unique !== unique) problems.push(`${label} is ${found.is_unique ? "" : "not "}unique in the database`);
      if (found.is_primary !== isPk) problems.push(`${label} primary-key flag differs in the database`);
    }
    for (const i of dbIndexes) {
      if (!matched.has(i.index_name)) problems.push(`index ${i.index_name} on ${table} exists in the database but not in schema.prisma`);
    }

    const expectedFks = model.fields.filter((f) => f.kind === "object" && f.relationFromFields && f.relationFromFields.length > 0);
    const dbFks = fks.filter((f) => f.table_name.replace(/"/g, "") === table);
    const matchedFks = new Set<string>();
    for (const rel of expectedFks) {
      const target = dmmf.datamodel.models.find((m) => m.name === rel.type)!;
      const cols = rel.relationFromFields!.map((n) => columnOf(byName.get(n)!));
      const refCols = rel.relationToFields!.map((n) => columnOf(target.fields.find((f) => f.name === n)!));
      const name = `${table}_${cols.join("_")}_fkey`;
      const onDelete = rel.relationOnDelete ?? (cols.every((c) => !dbColumns.get(c)?.not_null) ? "SetNull" : "Restrict");
      const found = dbFks.find((f) => f.constraint_name === name);
      if (!found) {
        problems.push(`foreign key ${name} (${cols.join(", ")}) → ${tableOf(target)} is missing from the database`);
        continue;
      }
      matchedFks.add(name);
      if (found.ref_table.replace(/"/g, "") !== tableOf(target) || found.ref_columns.join(",") !== refCols.join(",")) {
        problems.push(`foreign key ${name} points at ${found.ref_table}(${found.ref_columns.join(", ")}), schema says ${tableOf(target)}(${refCols.join(", ")})`);
      }
      if (found.on_delete !== onDelete) problems.push(`foreign key ${name} is ON DELETE ${found.on_delete}, schema says ${onDelete}`);
    }
    for (const f of dbFks) {
      if (!matchedFks.has(f.constraint_name)) problems.push(`foreign key ${f.constraint_name} on ${table} exists in the database but not in schema.prisma`);
    }
  }
  return problems;
}

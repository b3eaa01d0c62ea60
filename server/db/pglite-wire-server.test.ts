import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database.ts";

/**
 * Many pooled clients at once against the single PGlite session: every extended-protocol query
 * must get its own parameters back, and transactions must not see each other's work.
 */
describe("embedded database over the wire", () => {
  let embedded: EmbeddedDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    embedded = await startEmbeddedDatabase({});
    pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
    await pool.query(`CREATE TABLE t (id int PRIMARY KEY, v text)`);
  });
  afterAll(async () => {
    await pool.end();
    await embedded.stop();
  });

  it("answers concurrent parameterised queries with their own parameters", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pool.query<{ n: number; s: string }>(`SELECT $1::int AS n, $2::text AS s`, [i, `v${i}`])),
    );
    results.forEach((r, i) => expect(r.rows[0]).toEqual({ n: i, s: `v${i}` }));
  });

  it("keeps transactions apart: a rolled-back insert is never seen by others", async () => {
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      await a.query("BEGIN");
      await a.query(`INSERT INTO t VALUES (1, 'a')`);
      const seenByB = b.query(`SELECT count(*)::int AS n FROM t`);
      await a.query("ROLLBACK");
      expect((await seenByB).rows[0].n).toBe(0);
    } finally {
      a.release();
      b.release();
    }
  });

  it("rolls back the transaction of a client that disconnects in the middle of it", async () => {
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query(`INSERT INTO t VALUES (2, 'lost')`);
    await client.end();
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM t WHERE id = 2`);
    expect(rows[0].n).toBe(0);
  });
});

import type pg from "pg";

/**
 * COPY … TO STDOUT and COPY … FROM STDIN for node-postgres, written for the benchmark (the project
 * has no COPY streaming package): a query object that node-postgres drives through its "submittable"
 * interface, collecting CopyData chunks or sending the given ones.
 */
interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyQuery {
  private chunks: Buffer[] = [];
  private error: Error | null = null;
  rowCount = 0;
  readonly done: Promise<void>;
  private finish!: () => void;
  private fail!: (e: Error) => void;

  constructor(
    private readonly text: string,
    private readonly input: Buffer[] | null,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
  }

  get output(): Buffer[] {
    return this.chunks;
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection): void {
    for (const chunk of this.input ?? []) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    this.chunks.push(Buffer.from(msg.chunk)); // the parser reuses its buffer
  }

  handleCommandComplete(msg: { text: string }): void {
    const n = /(\d+)$/.exec(msg.text);
    this.rowCount = n ? Number(n[1]) : 0;
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    if (this.error) this.fail(this.error);
    else this.finish();
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

/** Runs `COPY (…) TO STDOUT` and returns the data as chunks of COPY text. */
export async function copyOut(client: pg.Client, sql: string): Promise<{ chunks: Buffer[]; rows: number }> {
  const q = new CopyQuery(sql, null);
  void client.query(q as never);
  await q.done;
  return { chunks: q.output, rows: q.rowCount };
}

/** Runs `COPY … FROM STDIN` with the given chunks of COPY text; returns the rows copied. */
export async function copyIn(client: pg.Client, sql: string, chunks: Buffer[]): Promise<number> {
  // Re-chunk into ~64 KiB CopyData messages.
  const joined = Buffer.concat(chunks);
  const parts: Buffer[] = [];
  for (let i = 0; i < joined.length; i += 65_536) parts.push(joined.subarray(i, i + 65_536));
  const q = new CopyQuery(sql, parts);
  void client.query(q as never);
  await q.done;
  return q.rowCount;
}

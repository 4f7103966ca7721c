import { PluginBase, type PluginContext, type Task } from '@leanvibe/core';
import { createPool, type Pool, type PoolStats } from '@leanvibe/pool';
import Database from 'better-sqlite3';
import { z } from 'zod';

/** Settings of the store plugin. */
export interface StorePluginOptions {
  /** The SQLite database file; created if missing. */
  readonly file: string;
  /** Connections at most. @default 2 */
  readonly maxConnections?: number;
}

const Row = z.object({
  kind: z.enum(['ingest', 'fetch']),
  key: z.string().min(1).max(500),
  value: z.string().max(100_000),
});

const Params = z.discriminatedUnion('op', [
  /** Inserts or replaces rows, in one transaction. */
  z.object({ op: z.literal('put'), rows: z.array(Row).min(1).max(10_000) }),
  /** Counts rows by kind. */
  z.object({ op: z.literal('count') }),
]);

/** Params of a `store` task. */
export type StoreParams = z.output<typeof Params>;

/** What a `store` task returns: rows written, or rows by kind. */
export type StoreOutcome =
  | { readonly written: number }
  | { readonly counts: Readonly<Record<string, number>> };

type Connection = Database.Database;

const SCHEMA = `CREATE TABLE IF NOT EXISTS results (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (kind, key)
)`;

/**
 * Writes results to an embedded SQLite database (better-sqlite3) through a `@leanvibe/pool` of
 * connections: each task borrows a connection, runs one transaction and gives it back; a
 * connection that failed is destroyed instead of reused.
 */
export class StorePlugin extends PluginBase<StoreParams, StoreOutcome> {
  readonly #options: StorePluginOptions;
  #pool: Pool<Connection> | undefined;

  constructor(options: StorePluginOptions) {
    super({
      name: 'store',
      version: '1.0.0',
      type: 'data_processing',
      taskTypes: ['store'],
      sdk: '^0.1.0',
      params: Params,
      limits: { maxExecutionTimeMs: 5_000, concurrency: 4, maxQueue: 10_000 },
    });
    this.#options = options;
  }

  /** The pool's figures: loans, connections created and destroyed, waits. */
  poolStats(): PoolStats | undefined {
    return this.#pool?.stats();
  }

  protected override onInitialize(context: PluginContext): void {
    const { file } = this.#options;
    this.#pool = createPool<Connection>({
      name: 'sqlite',
      // Each connection makes sure the table exists: nothing is opened before the first task.
      create: () => {
        const db = new Database(file);
        try {
          db.pragma('journal_mode = WAL');
          db.pragma('busy_timeout = 2000');
          db.exec(SCHEMA);
        } catch (error) {
          db.close();
          throw error;
        }
        return db;
      },
      destroy: (db) => {
        db.close();
      },
      validate: (db) => db.open,
      max: this.#options.maxConnections ?? 2,
      acquireTimeoutMs: 2_000,
      metrics: context.metrics,
      clock: context.clock,
    });
  }

  protected override async onCleanup(): Promise<void> {
    await this.#pool?.close();
  }

  async handleTask(task: Task<StoreParams>): Promise<StoreOutcome> {
    const { params } = task;
    const pool = this.#pool!;
    if (params.op === 'count') {
      return pool.use(
        (db) => {
          const rows = db
            .prepare('SELECT kind, COUNT(*) AS n FROM results GROUP BY kind')
            .all() as { kind: string; n: number }[];
          return { counts: Object.fromEntries(rows.map((row) => [row.kind, row.n])) };
        },
        { signal: task.signal },
      );
    }
    return pool.use(
      (db) => {
        const insert = db.prepare(
          'INSERT OR REPLACE INTO results (kind, key, value) VALUES (?, ?, ?)',
        );
        db.transaction(() => {
          for (const row of params.rows) insert.run(row.kind, row.key, row.value);
        })();
        return { written: params.rows.length };
      },
      { signal: task.signal, destroyOnError: true },
    );
  }
}

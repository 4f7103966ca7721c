import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPool } from '../src/index.js';

type Connection = Database.Database;

describe('a pool of better-sqlite3 connections on a file database', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leanvibe-pool-sqlite-'));
    file = join(dir, 'ledger.db');
    const setup = new Database(file);
    setup.pragma('journal_mode = WAL');
    setup.exec(
      'create table ledger (id integer primary key, task integer not null, amount integer not null)',
    );
    setup.close();
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function openPool(opened: Connection[], max = 4) {
    return createPool<Connection>({
      name: 'sqlite',
      max,
      min: 1,
      create: () => {
        const db = new Database(file, { timeout: 2000 });
        db.pragma('busy_timeout = 2000');
        opened.push(db);
        return db;
      },
      validate: (db) => db.open && db.prepare('select 1 as ok').get() !== undefined,
      destroy: (db) => {
        db.close();
      },
    });
  }

  it('serves many concurrent tasks with correct results, then shuts down cleanly', async () => {
    const opened: Connection[] = [];
    const pool = openPool(opened);
    const TASKS = 40;
    const WRITES = 25;

    const task = async (taskId: number) => {
      let expected = 0;
      for (let n = 1; n <= WRITES; n++) {
        expected += n;
        await pool.use(async (db) => {
          const insert = db.prepare('insert into ledger (task, amount) values (?, ?)');
          db.transaction(() => insert.run(taskId, n))();
          await tick(); // hold the connection across a turn of the event loop
        });
        if (n % 5 === 0) {
          const sum = await pool.use(
            (db) =>
              db.prepare('select sum(amount) as total from ledger where task = ?').get(taskId) as {
                total: number;
              },
          );
          expect(sum.total).toBe(expected);
        }
      }
      return expected;
    };

    const totals = await Promise.all(Array.from({ length: TASKS }, (_, i) => task(i)));
    const grand = await pool.use(
      (db) =>
        db.prepare('select count(*) as rows, sum(amount) as total from ledger').get() as {
          rows: number;
          total: number;
        },
    );
    expect(grand).toEqual({
      rows: TASKS * WRITES,
      total: totals.reduce((a, b) => a + b, 0),
    });

    const stats = pool.stats();
    expect(stats.created).toBeLessThanOrEqual(4);
    expect(stats.acquired).toBeGreaterThan(TASKS * WRITES);
    await pool.close();
    expect(pool.stats()).toMatchObject({ state: 'closed', size: 0, borrowed: 0, pending: 0 });
    expect(opened.length).toBe(pool.stats().created);
    expect(opened.every((db) => !db.open)).toBe(true);
    // Every connection is closed: the file can be checkpointed and opened exclusively.
    const after = new Database(file);
    expect(after.pragma('wal_checkpoint(TRUNCATE)', { simple: false })).toBeDefined();
    after.close();
  }, 30_000);

  it('replaces a connection that broke while idle', async () => {
    const opened: Connection[] = [];
    const pool = openPool(opened, 2);
    const first = await pool.acquire();
    await pool.release(first);
    first.close(); // broken behind the pool's back
    const count = await pool.use(
      (db) => (db.prepare('select count(*) as n from ledger').get() as { n: number }).n,
    );
    expect(count).toBe(0);
    expect(pool.stats()).toMatchObject({ validationFailures: 1, created: 2 });
    await pool.close();
    expect(opened.every((db) => !db.open)).toBe(true);
  });
});

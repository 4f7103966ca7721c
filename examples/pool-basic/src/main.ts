import { createPool, isPoolAcquireTimeoutError } from '@leanvibe/pool';

// A stand-in for a database client: opening and closing are what a pool saves you.
class Connection {
  static opened = 0;
  readonly id = ++Connection.opened;
  closed = false;
  async query(sql: string): Promise<string> {
    return `connection ${this.id} ran ${sql}`;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const pool = createPool({
  name: 'db',
  create: async () => new Connection(),
  destroy: (connection) => connection.close(),
  validate: (connection) => !connection.closed,
  max: 2,
  acquireTimeoutMs: 100,
});

// use(): borrow, run, give back, even when the callback throws.
const queries = ['select 1', 'select 2', 'select 3'];
const results = await Promise.all(queries.map((sql) => pool.use((db) => db.query(sql))));
console.log(results.join('\n'));

// A lease for `await using`: released when the block ends.
{
  await using lease = await pool.lease();
  console.log(await lease.resource.query('select now()'));
}

// Nobody waits forever: with both connections out, a third caller times out.
const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
const error = await pool.acquire().catch((e: unknown) => e);
console.log(isPoolAcquireTimeoutError(error) ? error.message : error);
await pool.release(a);
await pool.release(b);

const { acquired, created } = pool.stats();
console.log(`${acquired} loans from ${created} connections`);
await pool.close();
console.log(`closed: ${pool.stats().destroyed} connections destroyed`);

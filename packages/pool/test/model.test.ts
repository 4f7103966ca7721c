import { fc, test } from '@fast-check/vitest';
import { createManualClock, type ManualClock } from '@leanvibe/core/contracts';
import { expect } from 'vitest';
import {
  createPool,
  isPoolAcquireTimeoutError,
  isPoolReleaseError,
  type Pool,
} from '../src/index.js';

const MAX = 3;
const MAX_USES = 3;
const ACQUIRE_TIMEOUT = 100;
const IDLE_TIMEOUT = 50;

interface Conn {
  readonly id: number;
}

type Outcome = { kind: 'ok'; id: number } | { kind: 'timeout' } | { kind: 'abort' };

/** The reference: a plain, obviously correct pool with no async steps. */
interface Model {
  now: number;
  nextId: number;
  idle: { id: number; uses: number; lastUsed: number }[]; // a stack: the top is lent first
  borrowed: Map<number, { id: number; uses: number }>;
  waiters: { key: number; priority: number; deadline: number }[];
  outcomes: Map<number, Outcome>;
  keys: number;
}

interface Real {
  pool: Pool<Conn>;
  clock: ManualClock;
  conns: Map<number, Conn>;
  results: Map<number, { outcome?: Outcome }>;
  controllers: Map<number, AbortController>;
}

function lend(model: Model, key: number, resource: { id: number; uses: number }): void {
  resource.uses++;
  model.borrowed.set(resource.id, resource);
  model.outcomes.set(key, { kind: 'ok', id: resource.id });
}

function createFor(model: Model, key: number): void {
  lend(model, key, { id: model.nextId++, uses: 0 });
}

/** A resource came back (or was destroyed): serve the first waiter if there is one. */
function serveNext(model: Model, returned: { id: number; uses: number } | undefined): void {
  const head = model.waiters.shift();
  if (head === undefined) {
    if (returned !== undefined) model.idle.push({ ...returned, lastUsed: model.now });
    return;
  }
  if (returned !== undefined) lend(model, head.key, returned);
  else createFor(model, head.key);
}

async function settle(real: Real): Promise<void> {
  await real.clock.flush();
}

function check(model: Model, real: Real): void {
  const stats = real.pool.stats();
  expect({
    available: stats.available,
    borrowed: stats.borrowed,
    pending: stats.pending,
    size: stats.size,
  }).toEqual({
    available: model.idle.length,
    borrowed: model.borrowed.size,
    pending: model.waiters.length,
    size: model.idle.length + model.borrowed.size,
  });
  for (const [key, result] of real.results) {
    expect(result.outcome, `acquire #${key}`).toEqual(model.outcomes.get(key));
  }
}

class Acquire implements fc.AsyncCommand<Model, Real> {
  constructor(readonly priority: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const key = model.keys++;
    if (model.idle.length > 0) lend(model, key, model.idle.pop()!);
    else if (model.borrowed.size < MAX) createFor(model, key);
    else {
      let at = model.waiters.length;
      while (at > 0 && model.waiters[at - 1]!.priority < this.priority) at--;
      model.waiters.splice(at, 0, {
        key,
        priority: this.priority,
        deadline: model.now + ACQUIRE_TIMEOUT,
      });
    }
    const controller = new AbortController();
    const result: { outcome?: Outcome } = {};
    real.results.set(key, result);
    real.controllers.set(key, controller);
    real.pool.acquire({ signal: controller.signal, priority: this.priority }).then(
      (conn) => {
        real.conns.set(conn.id, conn);
        result.outcome = { kind: 'ok', id: conn.id };
      },
      (error: unknown) => {
        result.outcome = isPoolAcquireTimeoutError(error) ? { kind: 'timeout' } : { kind: 'abort' };
      },
    );
    await settle(real);
    check(model, real);
  }
  toString = () => `acquire(priority ${this.priority})`;
}

class Release implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly index: number,
    readonly destroy: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.borrowed.size > 0;
  async run(model: Model, real: Real): Promise<void> {
    const ids = [...model.borrowed.keys()].sort((a, b) => a - b);
    const id = ids[this.index % ids.length]!;
    const resource = model.borrowed.get(id)!;
    model.borrowed.delete(id);
    const retired = this.destroy || resource.uses >= MAX_USES;
    serveNext(model, retired ? undefined : resource);
    const conn = real.conns.get(id)!;
    await (this.destroy ? real.pool.destroy(conn) : real.pool.release(conn));
    await settle(real);
    check(model, real);
  }
  toString = () => `${this.destroy ? 'destroy' : 'release'}(#${this.index})`;
}

class InvalidRelease implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    // An idle resource (released already) or one the pool never lent.
    const idle = model.idle[this.index % Math.max(1, model.idle.length)];
    const conn = idle === undefined ? { id: -1 } : real.conns.get(idle.id)!;
    const error = await real.pool.release(conn).catch((e: unknown) => e);
    expect(isPoolReleaseError(error)).toBe(true);
    await settle(real);
    check(model, real);
  }
  toString = () => `release an idle or foreign resource (#${this.index})`;
}

class Abort implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (model: Readonly<Model>) => model.waiters.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const [waiter] = model.waiters.splice(this.index % model.waiters.length, 1);
    model.outcomes.set(waiter!.key, { kind: 'abort' });
    real.controllers.get(waiter!.key)!.abort();
    await settle(real);
    check(model, real);
  }
  toString = () => `abort waiter #${this.index}`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    model.now += this.ms;
    model.waiters = model.waiters.filter((waiter) => {
      if (waiter.deadline > model.now) return true;
      model.outcomes.set(waiter.key, { kind: 'timeout' });
      return false;
    });
    model.idle = model.idle.filter((entry) => entry.lastUsed + IDLE_TIMEOUT > model.now);
    await real.clock.advanceAsync(this.ms);
    await settle(real);
    check(model, real);
  }
  toString = () => `advance(${this.ms} ms)`;
}

const commands = [
  fc.integer({ min: -1, max: 1 }).map((priority) => new Acquire(priority)),
  fc.tuple(fc.nat(), fc.boolean()).map(([index, destroy]) => new Release(index, destroy)),
  fc.nat().map((index) => new InvalidRelease(index)),
  fc.nat().map((index) => new Abort(index)),
  fc.integer({ min: 1, max: 120 }).map((ms) => new Advance(ms)),
];

test.prop([fc.commands(commands, { maxCommands: 60, size: 'max' })], { numRuns: 200 })(
  'behaves like the reference model',
  async (cmds) => {
    const clock = createManualClock();
    let next = 1;
    const pool = createPool<Conn>({
      clock,
      create: () => ({ id: next++ }),
      max: MAX,
      maxUses: MAX_USES,
      acquireTimeoutMs: ACQUIRE_TIMEOUT,
      idleTimeoutMs: IDLE_TIMEOUT,
    });
    const model: Model = {
      now: 0,
      nextId: 1,
      idle: [],
      borrowed: new Map(),
      waiters: [],
      outcomes: new Map(),
      keys: 0,
    };
    const real: Real = {
      pool,
      clock,
      conns: new Map(),
      results: new Map(),
      controllers: new Map(),
    };
    await fc.asyncModelRun(() => ({ model, real }), cmds);
    // Whatever happened, the pool closes cleanly once every loan is back.
    const closed = pool.close();
    for (const id of model.borrowed.keys()) await pool.release(real.conns.get(id)!);
    await closed;
    expect(pool.stats()).toMatchObject({ state: 'closed', size: 0, pending: 0 });
    expect(clock.pendingTimers()).toBe(0);
  },
  30_000,
);

import { createManualClock, systemClock } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { drive } from '../src/index.js';

const settlesAfter = (ms: number) =>
  new Promise<string>((resolve) => {
    setTimeout(() => resolve('real work done'), ms);
  });

describe('drive', () => {
  it('advances a manual clock timer by timer until the promise settles', async () => {
    const clock = createManualClock();
    const seen: number[] = [];
    const work = (async () => {
      for (const ms of [100, 250, 50]) {
        await new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
        seen.push(clock.now());
      }
      return 'done';
    })();
    expect(await drive(clock, work)).toEqual({ state: 'fulfilled', value: 'done' });
    expect(seen).toEqual([100, 350, 400]);
    const failing = new Promise<never>((_, reject) =>
      clock.setTimeout(() => reject(new Error('late')), 10),
    );
    expect(await drive(clock, failing)).toMatchObject({
      state: 'rejected',
      reason: { message: 'late' },
    });
  });

  it('never moves the clock past the budget, answering pending', async () => {
    const clock = createManualClock();
    const late = new Promise<void>((resolve) => clock.setTimeout(resolve, 1_000));
    expect(await drive(clock, late, { withinMs: 300 })).toEqual({ state: 'pending' });
    expect(clock.now()).toBe(300);
    expect(await drive(clock, late, { withinMs: 700 })).toEqual({
      state: 'fulfilled',
      value: undefined,
    });
  });

  it('waits for real work when nothing is scheduled on the clock', async () => {
    const clock = createManualClock();
    // A module loading, I/O: no clock timer, but it settles in real time.
    expect(await drive(clock, settlesAfter(30), { withinMs: 100, idleTurns: 0 })).toEqual({
      state: 'fulfilled',
      value: 'real work done',
    });
    expect(clock.now()).toBe(0);
    // Real work that schedules a clock timer within the budget is followed too.
    const scheduled = settlesAfter(20).then(
      () => new Promise<string>((resolve) => clock.setTimeout(() => resolve('timer'), 50)),
    );
    expect(await drive(clock, scheduled, { withinMs: 100 })).toEqual({
      state: 'fulfilled',
      value: 'timer',
    });
    expect(clock.now()).toBe(50);
  });

  it('gives up on a promise nothing settles after idleMs of real time', async () => {
    const clock = createManualClock();
    const never = new Promise<never>(() => {});
    expect(await drive(clock, never, { withinMs: 500, idleMs: 20 })).toEqual({
      state: 'pending',
    });
    expect(clock.now()).toBe(500);
  });

  it('waits on the system clock, with a real timer for the budget', async () => {
    expect(await drive(systemClock, settlesAfter(5))).toEqual({
      state: 'fulfilled',
      value: 'real work done',
    });
    expect(await drive(systemClock, settlesAfter(5), { withinMs: 1_000 })).toMatchObject({
      state: 'fulfilled',
    });
    expect(await drive(systemClock, new Promise(() => {}), { withinMs: 10 })).toEqual({
      state: 'pending',
    });
  });

  it('validates its arguments, naming the wrong one', async () => {
    const clock = createManualClock();
    const done = Promise.resolve(1);
    await expect(drive({} as never, done)).rejects.toThrow('`clock`');
    await expect(drive(clock, 1 as never)).rejects.toThrow('`promise`');
    await expect(drive(clock, done, { withinMs: -1 })).rejects.toThrow('`withinMs`');
    await expect(drive(clock, done, { idleTurns: 1.5 })).rejects.toThrow('`idleTurns`');
    await expect(drive(clock, done, { idleMs: Number.NaN })).rejects.toThrow('`idleMs`');
  });
});

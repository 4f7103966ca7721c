import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createManualClock, isInvalidOptionError } from '../src/contracts/index.js';

describe('createManualClock', () => {
  it('starts at 0, or where told', () => {
    expect(createManualClock().now()).toBe(0);
    expect(createManualClock({ start: 1000 }).now()).toBe(1000);
  });

  it('fires timers in due order, then creation order, each at its due time', () => {
    const clock = createManualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 30);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`d@${clock.now()}`), 0);
    clock.advance(30);
    expect(fired).toEqual(['d@0', 'a@10', 'b@10', 'c@30']);
    expect(clock.now()).toBe(30);
  });

  it('does not fire timers before they are due', () => {
    const clock = createManualClock();
    let fired = false;
    clock.setTimeout(() => {
      fired = true;
    }, 100);
    clock.advance(99);
    expect(fired).toBe(false);
    clock.advance(1);
    expect(fired).toBe(true);
  });

  it('advances in steps', () => {
    const clock = createManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 25);
    clock.setTimeout(() => fired.push(clock.now()), 50);
    for (let i = 0; i < 5; i++) clock.advance(10);
    expect(fired).toEqual([25, 50]);
    expect(clock.now()).toBe(50);
  });

  it('clearTimeout cancels, and ignores unknown or fired handles', () => {
    const clock = createManualClock();
    let count = 0;
    const handle = clock.setTimeout(() => count++, 10);
    const other = clock.setTimeout(() => count++, 5);
    clock.clearTimeout(handle);
    clock.advance(20);
    expect(count).toBe(1);
    clock.clearTimeout(other);
    clock.clearTimeout({});
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires timers scheduled by callbacks when they fall within the advance', () => {
    const clock = createManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 10);
    clock.advance(20);
    expect(fired).toEqual([10, 15]);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(60);
  });

  it('treats negative and non-finite delays as zero', () => {
    const clock = createManualClock();
    clock.setTimeout(() => {}, -5);
    clock.setTimeout(() => {}, Number.NaN);
    expect(clock.nextTimerAt()).toBe(0);
  });

  it('tracks whether timers are referenced', () => {
    const clock = createManualClock();
    const a = clock.setTimeout(() => {}, 10);
    clock.setTimeout(() => {}, 10);
    a.unref?.();
    expect(a.hasRef?.()).toBe(false);
    expect(clock.referencedTimers()).toBe(1);
    a.ref?.();
    expect(clock.referencedTimers()).toBe(2);
  });

  it('advanceAsync lets promise chains progress between timers', async () => {
    const clock = createManualClock();
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const steps: number[] = [];
    const run = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(10);
        await Promise.resolve();
        steps.push(clock.now());
      }
    })();
    await clock.advanceAsync(30);
    await run;
    expect(steps).toEqual([10, 20, 30]);
  });

  it('runAll fires everything, and stops a runaway timer loop', async () => {
    const clock = createManualClock();
    let count = 0;
    clock.setTimeout(() => count++, 1000);
    clock.setTimeout(() => count++, 5);
    await clock.runAll();
    expect(count).toBe(2);
    expect(clock.now()).toBe(1000);
    const loop = (): void => {
      clock.setTimeout(loop, 1);
    };
    loop();
    await expect(clock.runAll(50)).rejects.toThrow('runAll fired 50 timers');
  });

  it('rejects a negative or non-finite step with a message naming it', () => {
    const clock = createManualClock();
    expect(() => clock.advance(-1)).toThrow('`ms` must be a finite number ≥ 0, got -1');
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(/`ms` must be a finite number/);
    try {
      createManualClock({ start: Number.NaN });
    } catch (error) {
      expect(isInvalidOptionError(error)).toBe(true);
    }
  });

  test.prop([
    fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 40 }),
    fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 10 }),
  ])(
    'fires every timer exactly once, at its due time, in non-decreasing order, however time is stepped',
    (delays, steps) => {
      const clock = createManualClock();
      const fired: { id: number; at: number }[] = [];
      delays.forEach((delay, id) => {
        clock.setTimeout(() => fired.push({ id, at: clock.now() }), delay);
      });
      for (const step of steps) clock.advance(step);
      clock.advance(1000);
      expect(fired.map((f) => f.id).sort((a, b) => a - b)).toEqual(delays.map((_, i) => i));
      for (const f of fired) expect(f.at).toBe(delays[f.id]);
      for (let i = 1; i < fired.length; i++) {
        expect(fired[i]!.at).toBeGreaterThanOrEqual(fired[i - 1]!.at);
      }
    },
  );
});

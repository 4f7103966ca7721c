import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../src/contracts/index.js';

describe('systemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is monotonic', () => {
    const a = systemClock.now();
    const b = systemClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
  });

  it('uses the timers installed at call time, so fake timers drive it', () => {
    vi.useFakeTimers();
    const start = systemClock.now();
    const fired: number[] = [];
    systemClock.setTimeout(() => fired.push(systemClock.now() - start), 100);
    const cancelled = systemClock.setTimeout(() => fired.push(-1), 50);
    systemClock.clearTimeout(cancelled);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([100]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('returns real Node timers that can be unref’d', () => {
    const handle = systemClock.setTimeout(() => {}, 10_000);
    expect(handle.hasRef?.()).toBe(true);
    handle.unref?.();
    expect(handle.hasRef?.()).toBe(false);
    systemClock.clearTimeout(handle);
  });
});

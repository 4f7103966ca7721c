import { describe, expect, it } from 'vitest';
import { decoratorMode } from './mode.js';

function spy(calls: unknown[][]) {
  return (...args: unknown[]): undefined => {
    calls.push(args);
    return undefined;
  };
}

describe('decorator mode of this run', () => {
  it(`compiles decorators as ${decoratorMode} decorators`, () => {
    const calls: unknown[][] = [];
    // biome-ignore lint/suspicious/noExplicitAny: a probe that accepts either decorator signature.
    const probe: any = spy(calls);
    class Probe {
      @probe
      method(): number {
        return 1;
      }
    }
    expect(new Probe().method()).toBe(1);
    expect(calls).toHaveLength(1);
    const [args] = calls;
    if (decoratorMode === 'standard') {
      expect(args).toHaveLength(2);
      expect(args?.[1]).toMatchObject({ kind: 'method', name: 'method', static: false });
    } else {
      expect(args).toHaveLength(3);
      expect(args?.[0]).toBe(Probe.prototype);
      expect(args?.[1]).toBe('method');
      expect(args?.[2]).toMatchObject({ value: expect.any(Function) });
    }
  });
});

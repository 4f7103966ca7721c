import { describe, expect, it } from 'vitest';
import {
  abortReason,
  linkedController,
  neverAbortedSignal,
  onAbort,
} from '../src/contracts/index.js';

describe('signals', () => {
  it('shares one signal that never aborts', () => {
    expect(neverAbortedSignal()).toBe(neverAbortedSignal());
    expect(neverAbortedSignal().aborted).toBe(false);
  });

  it('onAbort calls the listener once with the reason', () => {
    const controller = new AbortController();
    const reasons: unknown[] = [];
    onAbort(controller.signal, (reason) => reasons.push(reason));
    controller.abort('why');
    expect(reasons).toEqual(['why']);
  });

  it('onAbort calls at once for an aborted signal, and does nothing for none', () => {
    const reasons: unknown[] = [];
    onAbort(AbortSignal.abort('early'), (reason) => reasons.push(reason));
    expect(reasons).toEqual(['early']);
    expect(() => onAbort(undefined, () => reasons.push('x'))()).not.toThrow();
    expect(reasons).toEqual(['early']);
  });

  it('unlinking removes the listener', () => {
    const controller = new AbortController();
    let called = false;
    const unlink = onAbort(controller.signal, () => {
      called = true;
    });
    unlink();
    controller.abort();
    expect(called).toBe(false);
  });

  it('linkedController follows its parent until unlinked', () => {
    const parent = new AbortController();
    const linked = linkedController(parent.signal);
    parent.abort('stop');
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe('stop');

    const parent2 = new AbortController();
    const linked2 = linkedController(parent2.signal);
    linked2.unlink();
    parent2.abort();
    expect(linked2.signal.aborted).toBe(false);
  });

  it('abortReason gives the reason or a standard AbortError', () => {
    expect(abortReason(AbortSignal.abort('r'))).toBe('r');
    const controller = new AbortController();
    controller.abort(undefined);
    // Node fills in an AbortError when abort() is called without a reason.
    expect((abortReason(controller.signal) as Error).name).toBe('AbortError');
    const fake = { reason: undefined } as AbortSignal;
    expect((abortReason(fake) as Error).name).toBe('AbortError');
  });
});

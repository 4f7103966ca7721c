import { describe, expect, it } from 'vitest';
import { TaskAbort } from '../src/task-abort.js';

describe('TaskAbort', () => {
  it('makes its signal on first use, aborted at once when the abort came first', () => {
    const early = new TaskAbort();
    const reason = new Error('stop');
    early.abort(reason);
    early.abort(new Error('again'));
    expect(early.aborted).toBe(true);
    expect(early.signal.aborted).toBe(true);
    expect(early.signal.reason).toBe(reason);
    expect(early.signal).toBe(early.signal);
  });

  it('aborts a signal already handed out, once', () => {
    const late = new TaskAbort();
    const { signal } = late;
    const seen: unknown[] = [];
    signal.addEventListener('abort', () => seen.push(signal.reason));
    expect(late.aborted).toBe(false);
    late.abort('first');
    late.abort('second');
    expect(seen).toEqual(['first']);
  });
});

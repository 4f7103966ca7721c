import { describe, expect, it } from 'vitest';
import { RecentCancels } from '../src/cancels.js';

describe('RecentCancels', () => {
  it('answers each cancel once', () => {
    const cancels = new RecentCancels();
    cancels.add('a');
    expect(cancels.take('a')).toBe(true);
    expect(cancels.take('a')).toBe(false);
    expect(cancels.take('b')).toBe(false);
  });

  it('forgets the oldest beyond its bound, and a repeat counts as new', () => {
    const cancels = new RecentCancels(2);
    cancels.add('a');
    cancels.add('b');
    cancels.add('a');
    cancels.add('c');
    expect(cancels.take('b')).toBe(false);
    expect(cancels.take('a')).toBe(true);
    expect(cancels.take('c')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { noopLogger, noopMetrics } from '../src/contracts/index.js';

describe('no-op logger and sink', () => {
  it('accept every call and discard it', () => {
    expect(() => {
      noopLogger.debug('x');
      noopLogger.info({ a: 1 }, 'x');
      noopLogger.warn('x');
      noopLogger.error({ err: new Error('x') });
      noopMetrics.counter('a_total');
      noopMetrics.gauge('g', 1, { a: 'b' });
      noopMetrics.histogram('h_seconds', 0.1);
      noopMetrics.registerCollector?.(() => {})();
    }).not.toThrow();
  });

  it('children are the same no-op logger, and both are frozen', () => {
    expect(noopLogger.child({ plugin: 'x' })).toBe(noopLogger);
    expect(Object.isFrozen(noopLogger)).toBe(true);
    expect(Object.isFrozen(noopMetrics)).toBe(true);
  });
});

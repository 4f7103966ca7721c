import { describe, expect, it } from 'vitest';
import { generateRecords, recordAt } from '../src/dataset.js';
import { decide, type Fault, outageFor } from '../src/flaky-server.js';

describe('the flaky service decisions', () => {
  const options = { seed: 42, failureRate: 0.3 };
  const decisions = (seed: number, n: number): Fault[] =>
    Array.from({ length: n }, (_, i) => decide({ ...options, seed }, i + 1));

  it('are a pure function of the seed and the request number', () => {
    expect(decisions(42, 500)).toEqual(decisions(42, 500));
    expect(decisions(43, 500)).not.toEqual(decisions(42, 500));
  });

  it('misbehave at the failure rate: half fail, a quarter hang, a quarter are slow', () => {
    const all = decisions(42, 20_000);
    const share = (fault: Fault) => all.filter((f) => f === fault).length / all.length;
    expect(share('ok')).toBeCloseTo(0.7, 1);
    expect(share('fail')).toBeCloseTo(0.15, 1);
    expect(share('hang')).toBeCloseTo(0.075, 1);
    expect(share('slow')).toBeCloseTo(0.075, 1);
  });

  it('fail every request of the outage', () => {
    const outage = outageFor(120)!;
    for (let n = outage.from; n <= outage.to; n++)
      expect(decide({ ...options, outage }, n)).toBe('fail');
    expect(outage.to - outage.from + 1).toBeGreaterThan(5); // more than the five calls the breaker needs to judge
    expect(decide({ seed: 1, failureRate: 0, outage }, outage.to + 1)).toBe('ok');
  });
});

describe('the dataset', () => {
  it('gives every record from the seed and its id alone, so slices agree with the whole', () => {
    const whole = [...generateRecords(5, 1, 1_000)];
    expect([...generateRecords(5, 501, 500)]).toEqual(whole.slice(500));
    expect(recordAt(5, 77)).toEqual(whole[76]);
    expect(recordAt(6, 77)).not.toEqual(whole[76]);
  });
});

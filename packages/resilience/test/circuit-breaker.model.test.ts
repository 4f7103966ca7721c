import { fc, test } from '@fast-check/vitest';
import { createManualClock, type ManualClock } from '@leanvibe/core/contracts';
import { expect } from 'vitest';
import {
  type CircuitBreakerPolicy,
  type CircuitState,
  circuitBreaker,
  consecutive,
  type IsolationHandle,
  isBrokenCircuitError,
  isIsolatedCircuitError,
} from '../src/index.js';

/** The reference model: the breaker's rules written as plainly as possible. */
interface Model {
  now: number;
  state: CircuitState;
  failures: number;
  openUntil: number;
  probeSuccesses: number;
  isolations: boolean[];
  readonly threshold: number;
  readonly openMs: number;
  readonly successThreshold: number;
}

interface Real {
  clock: ManualClock;
  breaker: CircuitBreakerPolicy;
  handles: IsolationHandle[];
}

function refresh(m: Model): void {
  if (m.state === 'open' && m.now >= m.openUntil) {
    m.state = 'half-open';
    m.probeSuccesses = 0;
  }
}

function close(m: Model): void {
  m.state = 'closed';
  m.failures = 0;
}

function open(m: Model): void {
  m.state = 'open';
  m.openUntil = m.now + m.openMs;
}

type Outcome = 'ran' | 'open' | 'isolated';

function modelCall(m: Model, succeeds: boolean): Outcome {
  refresh(m);
  if (m.state === 'open') return 'open';
  if (m.state === 'isolated') return 'isolated';
  if (m.state === 'half-open') {
    if (!succeeds) open(m);
    else if (++m.probeSuccesses >= m.successThreshold) close(m);
    return 'ran';
  }
  if (succeeds) m.failures = 0;
  else if (++m.failures >= m.threshold) open(m);
  return 'ran';
}

class CallCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly succeeds: boolean) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const expected = modelCall(m, this.succeeds);
    let ran = false;
    const outcome = await r.breaker
      .execute(() => {
        ran = true;
        if (!this.succeeds) throw new Error('failure');
        return 'ok';
      })
      .then(
        () => 'ran',
        (error: unknown) =>
          isBrokenCircuitError(error) ? 'open' : isIsolatedCircuitError(error) ? 'isolated' : 'ran',
      );
    expect(outcome).toBe(expected);
    expect(ran).toBe(expected === 'ran');
    refresh(m);
    expect(r.breaker.state).toBe(m.state);
  }
  toString = () => (this.succeeds ? 'succeed' : 'fail');
}

class AdvanceCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    m.now += this.ms;
    r.clock.advance(this.ms);
    refresh(m);
    expect(r.breaker.state).toBe(m.state);
  }
  toString = () => `advance(${this.ms})`;
}

class IsolateCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    refresh(m);
    m.isolations.push(true);
    m.state = 'isolated';
    r.handles.push(r.breaker.isolate());
    expect(r.breaker.state).toBe('isolated');
  }
  toString = () => 'isolate';
}

class ReleaseCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.isolations.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const index = this.pick % m.isolations.length;
    if (m.isolations[index]) {
      m.isolations[index] = false;
      if (!m.isolations.includes(true)) close(m);
    }
    r.handles[index]?.release();
    refresh(m);
    expect(r.breaker.state).toBe(m.state);
  }
  toString = () => `release(${this.pick})`;
}

class ResetCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    m.isolations = m.isolations.map(() => false);
    close(m);
    r.breaker.reset();
    expect(r.breaker.state).toBe('closed');
  }
  toString = () => 'reset';
}

const commands = [
  fc.boolean().map((succeeds) => new CallCommand(succeeds)),
  fc.boolean().map((succeeds) => new CallCommand(succeeds)),
  fc.integer({ min: 0, max: 150 }).map((ms) => new AdvanceCommand(ms)),
  fc.constant(new IsolateCommand()),
  fc.nat().map((pick) => new ReleaseCommand(pick)),
  fc.constant(new ResetCommand()),
];

test.prop(
  [
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 0, max: 200 }),
    fc.integer({ min: 1, max: 3 }),
    fc.commands(commands, { maxCommands: 60 }),
  ],
  { numRuns: 150 },
)(
  'the breaker behaves as the reference model',
  async (threshold, openMs, successThreshold, cmds) => {
    const clock = createManualClock();
    const model: Model = {
      now: 0,
      state: 'closed',
      failures: 0,
      openUntil: 0,
      probeSuccesses: 0,
      isolations: [],
      threshold,
      openMs,
      successThreshold,
    };
    const real: Real = {
      clock,
      handles: [],
      breaker: circuitBreaker({
        clock,
        breaker: consecutive(threshold),
        halfOpenAfterMs: openMs,
        halfOpen: { successThreshold },
      }),
    };
    await fc.asyncModelRun(() => ({ model, real }), cmds);
  },
);

test.prop(
  [
    fc.scheduler(),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
    fc.constantFrom('reject' as const, 'wait' as const),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
  ],
  { numRuns: 200 },
)(
  'a half-open circuit never runs more than maxProbes probes at once',
  async (s, maxProbes, successThreshold, whenBusy, outcomes) => {
    const clock = createManualClock();
    const breaker = circuitBreaker({
      clock,
      breaker: consecutive(1),
      halfOpenAfterMs: 100,
      halfOpen: { maxProbes, successThreshold, whenBusy },
    });
    await breaker.execute(() => Promise.reject(new Error('trip'))).catch(() => {});
    clock.advance(100);
    expect(breaker.state).toBe('half-open');

    let probing = 0;
    let most = 0;
    const calls = outcomes.map((succeeds, i) =>
      s.schedule(Promise.resolve(i), `call ${i}`).then(() =>
        breaker
          .execute(async () => {
            const isProbe = breaker.state === 'half-open';
            if (isProbe) most = Math.max(most, ++probing);
            try {
              await s.schedule(Promise.resolve(), `settle ${i}`);
              if (!succeeds) throw new Error('still failing');
              return i;
            } finally {
              if (isProbe) probing--;
            }
          })
          .catch(() => undefined),
      ),
    );
    await s.waitFor(Promise.all(calls));
    expect(most).toBeLessThanOrEqual(maxProbes);
    expect(most).toBeGreaterThanOrEqual(1);
  },
);

import { isInvalidArgumentError, type Policy } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import {
  asyncPluginMethod,
  cachedResult,
  errorHandled,
  performanceTracked,
  withPolicy,
} from '../src/index.js';
import { decoratorMode } from './mode.js';

// biome-ignore lint/suspicious/noExplicitAny: applying decorators where their types refuse them.
type Loose = any;

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

const policy: Policy = {
  execute: async (fn) => fn({ signal: new AbortController().signal, attempt: 1 }),
};

describe('method decorators in either mode', () => {
  it.each([
    ['performanceTracked', performanceTracked()],
    ['cachedResult', cachedResult()],
    ['asyncPluginMethod', asyncPluginMethod()],
    ['errorHandled', errorHandled()],
    ['withPolicy', withPolicy(policy)],
  ] as const)('@%s refuses a field', (name, decorator) => {
    const error = thrownBy(() => {
      class WithField {
        @(decorator as Loose)
        value = 1;
      }
      return new WithField();
    });
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error.message).toBe(`\`@${name}\` decorates methods only, got the field \`value\``);
  });

  it('refuses a getter', () => {
    const error = thrownBy(() => {
      class WithGetter {
        @(performanceTracked() as Loose)
        get value(): number {
          return 1;
        }
      }
      return new WithGetter();
    });
    const kind = decoratorMode === 'standard' ? 'getter' : 'accessor';
    expect(error.message).toBe(
      `\`@performanceTracked\` decorates methods only, got the ${kind} \`value\``,
    );
  });

  it('refuses a plain call', () => {
    const error = thrownBy(() => (cachedResult() as Loose)(() => 1));
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error.message).toBe(
      '`@cachedResult` must be applied to a class method (as `@cachedResult(options)`), but it was called with 1 argument(s)',
    );
  });

  it('decorates symbol-named methods and keeps names', () => {
    const key = Symbol('run');
    class Symbolic {
      @performanceTracked()
      [key](): string {
        return 'ran';
      }
      @performanceTracked()
      named(): string {
        return 'named';
      }
    }
    const instance = new Symbolic();
    expect(instance[key]()).toBe('ran');
    expect(instance.named.name).toBe('named');
  });

  it('applies decorators bottom-up: the one nearest the method runs innermost', () => {
    const order: string[] = [];
    const mark = (label: string): Loose => {
      const tag = (...args: unknown[]): unknown => {
        const [first, second, third] = args;
        const original = (
          typeof second === 'object' ? first : (third as PropertyDescriptor).value
        ) as (...a: unknown[]) => unknown;
        const wrapped = function (this: unknown, ...a: unknown[]) {
          order.push(label);
          return original.apply(this, a);
        };
        if (typeof second === 'object') return wrapped;
        return { ...(third as PropertyDescriptor), value: wrapped };
      };
      return tag;
    };
    class Ordered {
      @mark('outer')
      @performanceTracked()
      @mark('inner')
      run(): void {
        order.push('method');
      }
    }
    new Ordered().run();
    expect(order).toEqual(['outer', 'inner', 'method']);
  });
});

import { InvalidArgumentError } from '@leanvibe/core/contracts';

/** Any function, as the constraint of a method or of a function given to a function form. */
export type AnyFunction = (...args: never[]) => unknown;

/** A method as the wrappers see it: `this` and arguments unknown. */
export type Method = (this: unknown, ...args: unknown[]) => unknown;

/** What a wrapper knows about the method it wraps. */
export interface MethodInfo {
  /** The method's name (`[description]` for a symbol), or the function's name in a function form. */
  readonly name: string;
}

/**
 * A decorator for methods that works in both of TypeScript's decorator modes: as a TC39
 * standard decorator (TypeScript 5+, no flag) and as a legacy `experimentalDecorators`
 * decorator (NestJS, TypeORM code bases). The mode is detected from the arguments it is
 * called with; the method's type is kept as it is.
 *
 * `Result` constrains what the method may return (e.g. a promise, for decorators that make
 * every call asynchronous).
 */
export interface MethodDecorator<Result = unknown> {
  /** The TC39 standard decorator form. */
  <This, Args extends unknown[], Return extends Result>(
    value: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): (this: This, ...args: Args) => Return;
  /** The legacy (`experimentalDecorators`) form. */
  <F extends (...args: never[]) => Result>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): TypedPropertyDescriptor<F>;
}

/** Wraps a method; called once per decorated method (or function), never per call. */
export type Wrap = (original: Method, info: MethodInfo) => Method;

const innerOf = new WeakMap<object, Method>();

/** The function a wrapper of this package wraps, or `undefined` for any other function. */
export function unwrapOnce(fn: object): Method | undefined {
  return innerOf.get(fn);
}

/**
 * Applies `wrap` to `original` and gives the wrapper the original's name and length, so stack
 * traces and `fn.name` read as before. Remembers the original for {@link unwrapOnce}.
 */
export function wrapFunction(original: Method, info: MethodInfo, wrap: Wrap): Method {
  const wrapper = wrap(original, info);
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  innerOf.set(wrapper, original);
  return wrapper;
}

/** The printable name of a class member key. */
export function keyName(key: string | symbol): string {
  return typeof key === 'symbol' ? `[${key.description ?? ''}]` : key;
}

function isDecoratorContext(value: unknown): value is DecoratorContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}

function misuse(decorator: string, what: string): InvalidArgumentError {
  return new InvalidArgumentError(
    'target',
    `\`@${decorator}\` decorates methods only, got ${what}`,
  );
}

/**
 * Builds a {@link MethodDecorator} from a wrapper factory. Called as `(value, context)` it is a
 * TC39 decorator; called as `(target, key, descriptor)` it is a legacy one; anything else (a
 * field, an accessor, a class, a plain call) is refused with an error that says so.
 */
export function defineMethodDecorator<Result = unknown>(
  decorator: string,
  wrap: Wrap,
): MethodDecorator<Result> {
  function decorate(...args: unknown[]): unknown {
    const [first, second, third] = args;
    if (isDecoratorContext(second)) {
      const name = keyName(second.name ?? '(anonymous)');
      if (second.kind !== 'method' || typeof first !== 'function') {
        throw misuse(decorator, `the ${second.kind} \`${name}\``);
      }
      return wrapFunction(first as Method, { name }, wrap);
    }
    if (
      args.length === 3 &&
      (typeof second === 'string' || typeof second === 'symbol') &&
      (typeof first === 'object' || typeof first === 'function') &&
      first !== null
    ) {
      const name = keyName(second);
      const descriptor = third as PropertyDescriptor | undefined;
      if (descriptor === undefined || typeof descriptor.value !== 'function') {
        const kind = descriptor?.get || descriptor?.set ? 'accessor' : 'field';
        throw misuse(decorator, `the ${kind} \`${name}\``);
      }
      return { ...descriptor, value: wrapFunction(descriptor.value as Method, { name }, wrap) };
    }
    throw new InvalidArgumentError(
      'target',
      `\`@${decorator}\` must be applied to a class method (as \`@${decorator}(options)\`), ` +
        `but it was called with ${args.length} argument(s)`,
    );
  }
  return decorate as MethodDecorator<Result>;
}

import { brandError, LeanVibeError } from './base.js';

/**
 * An option given at construction was wrong: the message names the option, what it expected and
 * what it got, e.g. `` `timeoutMs` must be a finite number ≥ 0, got -1 ``.
 */
export class InvalidOptionError extends LeanVibeError {
  static {
    brandError(this, 'InvalidOptionError');
  }
  /** The option's name, dotted for nested options (`createRetry.retries`). */
  readonly option: string;

  constructor(option: string, message: string) {
    super('INVALID_OPTION', message, { details: { option } });
    this.option = option;
  }
}

/** An argument given to a call was wrong: the message names the argument and what it got. */
export class InvalidArgumentError extends LeanVibeError {
  static {
    brandError(this, 'InvalidArgumentError');
  }
  /** The argument's name. */
  readonly argument: string;

  constructor(argument: string, message: string) {
    super('INVALID_ARGUMENT', message, { details: { argument } });
    this.argument = argument;
  }
}

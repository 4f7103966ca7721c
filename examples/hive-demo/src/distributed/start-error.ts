/** A run that cannot start, said in one line; `exitCode` is what the demo exits with. */
export class DistributedStartError extends Error {
  override name = 'DistributedStartError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

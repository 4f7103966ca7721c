import { createManualClock } from '@leanvibe/core/contracts';

/** Drives the manual clock until `promise` settles; resolves to its value or its error. */
export async function settle<T>(promise: Promise<T>, clock = createManualClock()) {
  let done = false;
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  void outcome.then(() => {
    done = true;
  });
  for (let turn = 0; !done && turn < 1_000; turn++) await clock.runAll();
  return outcome;
}

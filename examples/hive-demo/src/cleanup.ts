/** Things to close, closed in reverse order of registration; every one runs even if one fails. */
export class CleanupStack {
  readonly #steps: { readonly name: string; readonly run: () => unknown }[] = [];

  /** Registers `run` to be called on {@link CleanupStack.close}. */
  defer(name: string, run: () => unknown): void {
    this.#steps.push({ name, run });
  }

  /** Runs every step, last registered first; rejects with the first failure, after all ran. */
  async close(): Promise<void> {
    const failures: unknown[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        failures.push(new Error(`closing ${step.name} failed`, { cause: error }));
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}

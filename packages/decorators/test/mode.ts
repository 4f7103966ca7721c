import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    decoratorMode: 'standard' | 'legacy';
  }
}

/** Which decorator semantics this run compiles test files with. */
export const decoratorMode = inject('decoratorMode');

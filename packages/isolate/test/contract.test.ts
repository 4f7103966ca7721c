import { pathToFileURL } from 'node:url';
import { systemClock } from '@leanvibe/core/contracts';
import type { TestablePlugin } from '@leanvibe/testing';
import { pluginContract } from '@leanvibe/testing/vitest';
import { isolatedPlugin } from '../src/index.js';
import { fixture } from './support.js';

const shared = {
  task: { type: 'echo', params: { text: 'contract' } },
  slowTask: { type: 'echo', params: { text: 'slow', sleepMs: 10_000 } },
  invalidParams: [{ text: 3 }, 'text', null],
  // Workers run on real time: the same clock for both, with room for a busy 2-core machine.
  clock: () => systemClock,
  cancelWithinMs: 1_000,
} as const;

// The same suite, in process and isolated.
const inProcess = async (): Promise<TestablePlugin> => {
  const module = (await import(pathToFileURL(fixture('echo')).href)) as { default: TestablePlugin };
  return module.default;
};
pluginContract(inProcess, {
  ...shared,
  name: 'echo in process',
});
pluginContract(() => isolatedPlugin(fixture('echo')), { ...shared, name: 'echo isolated' });

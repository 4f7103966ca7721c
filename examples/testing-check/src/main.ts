import { definePlugin } from '@leanvibe/core';
import { checkPlugin, formatCheckTable } from '@leanvibe/testing/check';
import { z } from 'zod';

// A plugin whose wait ignores its task's signal: a cancelled task still finishes, and succeeds.
const createSlowSum = () =>
  definePlugin({
    name: 'slow-sum',
    version: '1.0.0',
    type: 'analytics',
    taskTypes: ['sum'],
    sdk: '^0.1.0',
    params: z.object({ values: z.array(z.number().int()).max(10) }),
    async handle(task, { plugin }) {
      await new Promise((resolve) => plugin.clock.setTimeout(() => resolve(undefined), 50));
      return task.params.values.reduce((sum, value) => sum + value, 0);
    },
  });

// What `leanvibe-plugin check ./dist/index.js` runs on a built module, from code: every check
// of the plugin test framework, judged on a manual clock.
const result = await checkPlugin(createSlowSum);
console.log(formatCheckTable(result));
const failed = result.checks.filter((check) => check.status === 'failed');
console.log(`failed: ${failed.map((check) => `${check.check} (${check.summary})`).join(', ')}`);

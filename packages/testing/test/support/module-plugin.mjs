// A plugin module, as a host loads it by specifier: plain JavaScript, default export.
import { definePlugin } from '@leanvibe/core';

export default definePlugin({
  name: 'from-module',
  version: '1.0.0',
  type: 'custom',
  taskTypes: ['module.echo'],
  sdk: '^0.1.0',
  handle: (task) => task.params,
});

import type { Labels, MetricsSink, Task, TaskResult } from '@leanvibe/core/contracts';
import {
  asyncPluginMethod,
  cachedResult,
  cacheOf,
  currentSignal,
  errorHandled,
  performanceTracked,
} from '@leanvibe/decorators';

// Any MetricsSink fits (a @leanvibe/metrics registry, say); this one prints what it gets.
const metrics: MetricsSink = {
  counter: () => {},
  gauge: () => {},
  histogram: (name: string, _value: number, labels?: Labels) =>
    console.log(`metric ${name} ${labels?.method} ${labels?.outcome}`),
};

class WeatherPlugin {
  readonly pluginId = 'weather';
  readonly metrics = metrics; // found by @performanceTracked
  lookups = 0;

  // Outermost, so a timeout below becomes a failed TaskResult instead of a rejection.
  @errorHandled({ toResult: true, logErrors: false })
  @asyncPluginMethod({ timeoutMs: 50 })
  async handle(task: Task<{ city: string }>): Promise<TaskResult<string>> {
    const data = await this.forecast(task.params.city);
    return { success: true, pluginId: this.pluginId, taskId: task.id, data, executionTimeMs: 0 };
  }

  // Above @performanceTracked, so cache hits are not measured as work.
  @cachedResult({ ttlMs: 60_000, maxSize: 100 })
  @performanceTracked()
  async forecast(city: string): Promise<string> {
    this.lookups++;
    if (city === 'Atlantis') {
      // Never answers by itself: the caller's deadline aborts the signal.
      const signal = currentSignal();
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    }
    return `${city}: sunny`;
  }
}

const task = (id: string, city: string): Task<{ city: string }> => ({
  id,
  type: 'forecast',
  params: { city },
  signal: new AbortController().signal,
  updateStatus: () => {},
});

const plugin = new WeatherPlugin();
for (const [id, city] of [
  ['t1', 'Lisbon'],
  ['t2', 'Lisbon'],
  ['t3', 'Atlantis'],
] as const) {
  const result = await plugin.handle(task(id, city));
  console.log(id, result.success ? result.data : `${result.error.code}: ${result.error.message}`);
}
console.log(
  `lookups: ${plugin.lookups}, Lisbon cached: ${cacheOf(plugin, 'forecast').has('Lisbon')}`,
);

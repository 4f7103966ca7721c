import type { DemoReport, DistributedSummary } from './report.js';
import { renderTable } from './ui/table.js';
import { renderIsolation, renderTrace } from './ui/walls.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const count = (n: number) => n.toLocaleString('en-US');

function section(title: string, body: string): string {
  return `${title}\n${body}\n`;
}

/** The report as tables for a terminal. */
export function renderReport(report: DemoReport): string {
  const parts: string[] = [];
  parts.push(
    section(
      'tasks by plugin and outcome',
      renderTable(
        ['plugin', 'outcome', 'reason', 'tasks'],
        report.tasks.map((t) => [t.plugin, t.outcome, t.code, t.count]),
      ),
    ),
  );
  parts.push(
    section(
      'task duration (ms)',
      renderTable(
        ['plugin', 'tasks', 'p50', 'p95', 'p99'],
        report.latency.map((l) => [l.plugin, l.tasks, l.p50Ms, l.p95Ms, l.p99Ms]),
      ),
    ),
  );
  const { breaker } = report;
  parts.push(
    section(
      breaker.opened === 0
        ? `circuit breaker: never opened, now ${breaker.state}`
        : `circuit breaker: opened ${breaker.opened} time(s), ${
            breaker.recovered ? 'recovered' : 'did not recover'
          }, now ${breaker.state}`,
      breaker.transitions.length === 0
        ? '  no transitions'
        : report.distributed === undefined
          ? renderTable(
              ['at (ms)', 'from', 'to'],
              breaker.transitions.map((t) => [t.atMs, t.from, t.to]),
            )
          : renderTable(
              ['at (ms)', 'worker', 'from', 'to', 'how'],
              breaker.transitions.map((t) => [
                t.atMs,
                t.worker ?? 0,
                t.from,
                t.to,
                t.remote === true ? 'followed' : 'own',
              ]),
            ),
    ),
  );
  const pool = report.store.pool;
  if (pool !== undefined) {
    parts.push(
      section(
        'SQLite connection pool',
        renderTable(
          ['loans', 'created', 'destroyed', 'size', 'max', 'acquire timeouts', 'create errors'],
          [
            [
              pool.acquired,
              pool.created,
              pool.destroyed,
              pool.size,
              pool.max,
              pool.acquireTimeouts,
              pool.createErrors,
            ],
          ],
        ),
      ),
    );
  }
  const { cache, server, memory } = report;
  const lines = [
    `  catalog cache   ${count(cache.lookups)} lookups, ${percent(cache.hitRate)} hits (${count(cache.misses)} misses)`,
    `  flaky service   ${count(server.requests)} requests: ${Object.entries(server.faults)
      .map(([fault, n]) => `${fault} ${n}`)
      .join(', ')}`,
    `  store           ${
      Object.entries(report.store.rows)
        .map(([kind, n]) => `${count(n)} ${kind} rows`)
        .join(', ') || 'no rows'
    }`,
  ];
  if (report.fetch !== undefined) {
    const { fetch } = report;
    const failures = Object.entries(fetch.failures).map(([code, n]) => `${code} ${n}`);
    lines.push(
      `  fetch           ${fetch.succeeded} of ${fetch.tasks} tasks succeeded${
        failures.length > 0 ? `; failed: ${failures.join(', ')}` : ''
      }`,
      `  SSRF guard      request to 169.254.169.254: ${fetch.metadataRequest}`,
    );
  }
  if (report.vault !== undefined) {
    lines.push(
      `  vault           ${report.vault.written.length} files written and verified, legacy token ${
        report.vault.legacyMigrated ? 'migrated' : 'not migrated'
      }, write outside root: ${report.vault.escapeAttempt}`,
    );
  }
  if (memory !== undefined) {
    lines.push(
      `  memory          heapUsed after GC at the end of the ingest: ${memory.heapUsedAfterGcMb} MB ` +
        `(budget ${memory.budgetMb} MB: ${memory.withinBudget ? 'within' : 'OVER'})`,
    );
    const perBatch = report.ingest?.heapAfterGcMb ?? [];
    if (perBatch.length > 1) {
      lines.push(
        `                  after each batch: ${Math.min(...perBatch)} to ${Math.max(...perBatch)} MB over ${perBatch.length} batches`,
      );
    }
  }
  parts.push(section('figures', lines.join('\n')));
  if (report.distributed !== undefined) parts.push(renderDistributed(report.distributed));
  if (report.isolation !== undefined) parts.push(renderIsolation(report.isolation));
  if (report.trace !== undefined) parts.push(renderTrace(report.trace));
  const epic1 = report.epic1.table
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  parts.push(section(`Epic 1 budgets: ${report.epic1.passed ? 'met' : 'NOT met'}`, epic1));
  parts.push(
    `${report.interrupted ? 'interrupted after' : 'finished in'} ${seconds(report.durationMs)}\n`,
  );
  return parts.join('\n');
}

/** The distributed run: the queue's account, the workers, how fast breakers followed an open. */
export function renderDistributed(d: DistributedSummary): string {
  const twice = d.executedTwiceIds;
  const follow = d.breaker.followMs;
  const lines = [
    `  jobs            ${count(d.submitted)} submitted: ${count(d.completed)} completed, ${count(d.failed)} failed, ${count(d.lost)} lost`,
    `  ran twice       ${
      d.executedTwice === 0
        ? 'none'
        : `${d.executedTwice} task(s), delivered again (at least once) after their worker died or stalled: ${twice.slice(0, 6).join(', ')}${twice.length > 6 ? ', …' : ''}`
    }`,
    `  shared breaker  ${
      d.breaker.opens === 0
        ? 'never opened'
        : `${d.breaker.opens} open(s) decided by one worker; ${
            follow.samples === 0
              ? 'no other worker had to follow'
              : `the others followed in ${follow.median} ms median, ${follow.max} ms at most (${follow.samples} samples)`
          }`
    }`,
  ];
  const workers = renderTable(
    ['worker', 'pid', 'tasks', 'killed'],
    d.perWorker.map((w) => [
      w.index,
      String(w.pid ?? '-'),
      w.completed,
      w.killed ? `after ${w.killedAfter ?? '?'} tasks` : w.crashed ? 'crashed' : '-',
    ]),
  );
  return section(
    `distributed: ${d.workers} worker process(es), ${d.redis === 'private' ? 'a private redis-server' : `Redis at ${d.redis}`}${
      d.killWorkerAfter === null ? '' : `, one worker killed after ${d.killWorkerAfter} tasks`
    }`,
    `${lines.join('\n')}\n${workers}`,
  );
}

/** What finished before an interruption, in one line per phase. */
export function renderInterruption(report: DemoReport): string {
  const ingest = report.ingest;
  const fetch = report.fetch;
  const lines = [
    'interrupted: the host closed cleanly; what finished:',
    ingest === undefined
      ? '  ingest  not started'
      : `  ingest  ${count(ingest.records)} of ${count(report.options.records)} records (${ingest.batches} batches)`,
    fetch === undefined
      ? '  fetch   not started'
      : `  fetch   ${fetch.succeeded} of ${fetch.tasks} tasks succeeded`,
    report.vault === undefined
      ? '  vault   not started'
      : `  vault   ${report.vault.written.length} files written`,
  ];
  return `${lines.join('\n')}\n`;
}

import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../src/log.js';
import { createProgress } from '../src/ui/progress.js';
import { renderTable } from '../src/ui/table.js';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    stream: Object.assign({ write: (text: string) => writes.push(text) > 0 }, { isTTY }),
  };
}

describe('progress', () => {
  it('redraws one bar in place on a terminal', () => {
    const { writes, stream } = sink(true);
    const progress = createProgress('ingest', 1_000, stream as never);
    for (let n = 0; n <= 1_000; n += 100) progress.update(n);
    progress.done('1,000 records');
    expect(writes.every((w) => w.startsWith('\r'))).toBe(true);
    expect(writes.at(-2)).toContain('██████████████████████████████ 100% 1,000/1,000');
    expect(writes.at(-1)).toBe('\r\x1b[2K  ingest: 1,000 records\n');
  });

  it('writes a plain line per tenth elsewhere', () => {
    const { writes, stream } = sink(false);
    const progress = createProgress('ingest', 1_000, stream as never);
    for (let n = 0; n <= 1_000; n += 25) progress.update(n);
    expect(writes).toHaveLength(11);
    expect(writes[3]).toBe('  ingest: 30% (300/1000)\n');
  });
});

describe('tables and log lines', () => {
  it('aligns columns, numbers to the right', () => {
    expect(
      renderTable(
        ['plugin', 'tasks'],
        [
          ['fetch', 1_200],
          ['ingest', 10],
        ],
      ),
    ).toBe(['  plugin  tasks', '  ──────  ─────', '  fetch   1,200', '  ingest     10'].join('\n'));
  });

  it('turns a pino line into level, plugin, message and fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: 1,
      plugin: { id: 'fetch' },
      msg: 'refused',
      code: 'X',
      ms: 1.234,
    });
    expect(formatLogLine(line)).toBe('  warn  fetch   refused  (code=X ms=1.23)');
  });
});

import type { Writable } from 'node:stream';

/** One worker, as the live view shows it. */
export interface WorkerLine {
  readonly index: number;
  readonly pid: number | undefined;
  /** Tasks it finished so far, all phases. */
  readonly completed: number;
  /** Tasks it runs now. */
  readonly running: number;
  readonly killed: boolean;
  readonly exited: boolean;
}

/**
 * The distributed mode's live view: the phase's progress and the tasks of each worker. On a
 * terminal it is a block of lines redrawn in place, with log lines printed above it; elsewhere
 * a line per tenth of the phase. Use it as the stream for everything printed meanwhile.
 */
export interface WorkerView {
  /** Prints text (whole lines) above the view. */
  write(text: string): void;
  /** Starts showing a phase of `total` tasks. */
  phase(label: string, total: number): void;
  /** The phase's settled tasks and the workers now. */
  update(settled: number, workers: readonly WorkerLine[]): void;
  /** Ends the phase with a summary line. */
  done(message: string): void;
}

const WIDTH = 24;

function state(worker: WorkerLine): string {
  if (worker.killed) return 'killed';
  if (worker.exited) return 'exited';
  return `${worker.running} running`;
}

/** Tasks per worker on one line: `w1 17, w2 16, w3 15 (killed)`. */
export function perWorker(workers: readonly WorkerLine[]): string {
  return workers
    .map((w) => `w${w.index} ${w.completed}${w.killed ? ' (killed)' : w.exited ? ' (exited)' : ''}`)
    .join(', ');
}

/** Creates the view on `stream`. */
export function createWorkerView(stream: Writable & { isTTY?: boolean }): WorkerView {
  const tty = stream.isTTY === true;
  let label = '';
  let total = 0;
  let settled = 0;
  let workers: readonly WorkerLine[] = [];
  let shown = 0;
  let active = false;
  let lastTenth = -1;
  let lastDraw = 0;

  const block = (): string[] => {
    const ratio = total === 0 ? 1 : Math.min(1, settled / total);
    const filled = Math.round(ratio * WIDTH);
    const lines = [
      `  ${label} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${(ratio * 100).toFixed(0).padStart(3)}% ${settled}/${total}`,
    ];
    const most = Math.max(1, ...workers.map((w) => w.completed));
    for (const w of workers) {
      const bar = '▪'.repeat(Math.round((w.completed / most) * 16)).padEnd(16);
      lines.push(
        `    worker ${String(w.index).padStart(2)}  pid ${String(w.pid ?? '-').padEnd(7)} ${bar} ${String(w.completed).padStart(5)} tasks  ${state(w)}`,
      );
    }
    return lines;
  };
  const erase = (): void => {
    if (shown > 0) stream.write(`\x1b[${shown}F\x1b[J`);
    shown = 0;
  };
  const draw = (): void => {
    const lines = block();
    stream.write(`${lines.join('\n')}\n`);
    shown = lines.length;
    lastDraw = performance.now();
  };

  return {
    write(text) {
      if (!tty || !active) {
        stream.write(text);
        return;
      }
      erase();
      stream.write(text);
      draw();
    },
    phase(name, tasks) {
      label = name;
      total = tasks;
      settled = 0;
      lastTenth = -1;
      active = true;
      if (tty) draw();
    },
    update(count, now) {
      settled = count;
      workers = now;
      if (tty) {
        if (count !== total && performance.now() - lastDraw < 100) return;
        erase();
        draw();
        return;
      }
      const tenth = Math.floor((total === 0 ? 1 : Math.min(1, count / total)) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`  ${label}: ${tenth * 10}% (${count}/${total}); ${perWorker(now)}\n`);
    },
    done(message) {
      if (tty) {
        erase();
        draw();
        shown = 0;
      }
      active = false;
      stream.write(`  ${label}: ${message}\n`);
    },
  };
}

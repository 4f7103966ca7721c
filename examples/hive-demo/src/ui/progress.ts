import type { Writable } from 'node:stream';

/** A progress display: a live bar on a terminal, a plain line per tenth elsewhere. */
export interface Progress {
  update(processed: number): void;
  done(message: string): void;
}

/** Creates a progress display for `total` items on `stream`. */
export function createProgress(
  label: string,
  total: number,
  stream: Writable & { isTTY?: boolean },
): Progress {
  const tty = stream.isTTY === true;
  const width = 30;
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    update(processed) {
      const ratio = total === 0 ? 1 : Math.min(1, processed / total);
      if (tty) {
        // Redraw at most every half percent: writing to a terminal is not free.
        if (processed !== total && ratio - lastDraw < 0.005) return;
        lastDraw = ratio;
        const filled = Math.round(ratio * width);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        stream.write(
          `\r  ${label} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}% ${processed.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`,
        );
        return;
      }
      const tenth = Math.floor(ratio * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`  ${label}: ${tenth * 10}% (${processed}/${total})\n`);
    },
    done(message) {
      stream.write(tty ? `\r\x1b[2K  ${label}: ${message}\n` : `  ${label}: ${message}\n`);
    },
  };
}

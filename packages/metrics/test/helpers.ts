import type { Logger } from '@leanvibe/core/contracts';

/** A logger that remembers every line. */
export function recordingLogger(): Logger & {
  readonly lines: { level: string; fields: unknown; message: string | undefined }[];
} {
  const lines: { level: string; fields: unknown; message: string | undefined }[] = [];
  const at =
    (level: string) =>
    (fields: object | string, message?: string): void => {
      lines.push({ level, fields, message: typeof fields === 'string' ? fields : message });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

export interface ParsedSample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

export interface ParsedExposition {
  readonly help: Map<string, string>;
  readonly types: Map<string, string>;
  readonly samples: ParsedSample[];
}

/**
 * A strict parser of the Prometheus text format 0.0.4, written from the format's description:
 * it unescapes label values (`\\`, `\"`, `\n`) and HELP text, and throws on anything malformed.
 */
export function parseExposition(text: string): ParsedExposition {
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  const samples: ParsedSample[] = [];
  if (text !== '' && !text.endsWith('\n')) throw new Error('output must end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta !== null) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (kind === 'HELP')
        help.set(
          name,
          rest.replace(/\\(\\|n)/g, (_, c) => (c === 'n' ? '\n' : '\\')),
        );
      else types.set(name, rest);
      continue;
    }
    let i = 0;
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (nameMatch === null) throw new Error(`bad line: ${line}`);
    const name = nameMatch[0];
    i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const labelMatch = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i));
        if (labelMatch === null) throw new Error(`bad label at ${i}: ${line}`);
        i += labelMatch[0].length;
        let value = '';
        for (;;) {
          const c = line[i];
          if (c === undefined) throw new Error(`unterminated label value: ${line}`);
          if (c === '"') break;
          if (c === '\\') {
            const next = line[i + 1];
            if (next === 'n') value += '\n';
            else if (next === '\\' || next === '"') value += next;
            else throw new Error(`bad escape: ${line}`);
            i += 2;
          } else {
            value += c;
            i++;
          }
        }
        i++;
        if ((labelMatch[1] as string) in labels) throw new Error(`duplicate label: ${line}`);
        labels[labelMatch[1] as string] = value;
        if (line[i] === ',') i++;
        else if (line[i] !== '}') throw new Error(`bad label list: ${line}`);
      }
      i++;
    }
    if (line[i] !== ' ') throw new Error(`missing value: ${line}`);
    const raw = line.slice(i + 1);
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    if (raw === '' || (Number.isNaN(value) && raw !== 'NaN')) throw new Error(`bad value: ${line}`);
    samples.push({ name, labels, value });
  }
  return { help, types, samples };
}

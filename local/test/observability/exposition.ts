/** A minimal reader of the Prometheus text exposition format, enough to check a /metrics answer. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { name, type: 'untyped', help: '', samples: [] }));
    return found;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [name = '', type = ''] = line.slice(7).split(' ');
      family(name).type = type;
    } else if (line.startsWith('# HELP ')) {
      const [name = '', ...help] = line.slice(7).split(' ');
      family(name).help = help.join(' ');
    } else if (line.trim() && !line.startsWith('#')) {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const [, name = '', labelText = '', value = ''] = match;
      family(familyOf(name, families)).samples.push({
        name,
        labels: parseLabels(labelText, line),
        value: Number(value),
      });
    }
  }
  return families;
}

/** `x_bucket`, `x_sum` and `x_count` belong to histogram `x` when one was declared. */
function familyOf(sample: string, families: Map<string, Family>): string {
  const base = sample.replace(/_(bucket|sum|count)$/, '');
  return base !== sample && families.get(base)?.type === 'histogram' ? base : sample;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (LABEL.lastIndex < text.length && (match = LABEL.exec(text))) {
    const [, key = '', raw = ''] = match;
    labels[key] = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  if (LABEL.lastIndex < text.length) throw new Error(`bad labels in: ${line}`);
  return labels;
}

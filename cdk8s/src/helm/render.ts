import { stringify } from 'yaml';
import { SENTINEL_BASE, sentinelBinding, type Binding } from './placeholders.ts';

/** A string marker, or a sentinel number written as text (SENTINEL_BASE + a 4-digit index). */
const PLACEHOLDER = new RegExp(
  `vfhelm(\\d+)z|(?<![0-9])${String(SENTINEL_BASE).slice(0, 5)}(\\d{4})(?![0-9])`,
  'g',
);
const TOKEN = /vftok(\d+)x/g;

export interface TemplateDoc {
  /** One synthesized object, with placeholders where settings went. */
  readonly object: unknown;
  /** Go-template condition the object depends on (a Gate), if any. */
  readonly condition?: string;
}

/**
 * Turns synthesized objects into Helm template text. Every scalar that carries a placeholder is
 * replaced, whole, by one Go-template action: `{{ expr | quote }}` for strings, `{{ expr | int64 }}`
 * for integers (values are float64 in Helm; `int64` keeps large numbers out of `5.36e+09` notation),
 * and `{{ printf … | quote }}` for strings that mix literal text and settings. Literal `{{`/`}}`
 * (Prometheus and Grafana templates) are escaped, so Helm renders them unchanged.
 */
export function renderTemplate(docs: readonly TemplateDoc[], bindings: readonly Binding[]): string {
  const actions: string[] = [];
  const tokenize = (value: unknown): unknown => {
    if (typeof value === 'number') {
      const binding = sentinelBinding(value, bindings);
      return binding ? token(actions, `{{ ${binding.expr} | int64 }}`) : value;
    }
    if (typeof value === 'string') {
      const action = stringAction(value, bindings);
      return action ? token(actions, action) : value;
    }
    if (Array.isArray(value)) return value.map(tokenize);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => {
          if (PLACEHOLDER.test(k)) throw new Error(`a setting ended up in a key: ${k}`);
          PLACEHOLDER.lastIndex = 0;
          return [k, tokenize(v)];
        }),
      );
    }
    return value;
  };

  const parts = docs.map((doc) => {
    const yaml = escapeBraces(
      stringify(tokenize(doc.object), { lineWidth: 0, aliasDuplicateObjects: false }),
    );
    return doc.condition === undefined
      ? `---\n${yaml}`
      : `{{- if ${doc.condition} }}\n---\n${yaml}{{- end }}\n`;
  });
  return parts.join('').replace(TOKEN, (_, i: string) => actions[Number(i)] as string);
}

function token(actions: string[], action: string): string {
  return `vftok${actions.push(action) - 1}x`;
}

/** `{{` and `}}` that are data, not Helm: `{{ "{{" }}` renders as `{{`. */
export function escapeBraces(text: string): string {
  return text.replace(/\{\{|\}\}/g, (m) => `{{ ${JSON.stringify(m)} }}`);
}

function stringAction(value: string, bindings: readonly Binding[]): string | undefined {
  const pieces: { literal: string; binding?: Binding }[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    const binding = bindingOf(match, bindings);
    if (!binding) continue;
    pieces.push({ literal: value.slice(last, match.index), binding });
    last = match.index + match[0].length;
  }
  if (pieces.length === 0) return undefined;
  const tail = value.slice(last);
  const [only] = pieces;
  if (pieces.length === 1 && only && only.literal === '' && tail === '' && only.binding) {
    return only.binding.type === 'integer'
      ? `{{ ${only.binding.expr} | int64 | quote }}`
      : `{{ ${only.binding.expr} | quote }}`;
  }
  let format = '';
  const args: string[] = [];
  for (const { literal, binding } of pieces) {
    format += literal.replaceAll('%', '%%');
    if (binding?.type === 'integer') {
      format += '%d';
      args.push(`(int64 ${binding.expr})`);
    } else if (binding) {
      format += '%s';
      args.push(binding.expr);
    }
  }
  format += tail.replaceAll('%', '%%');
  return `{{ printf ${JSON.stringify(format)} ${args.join(' ')} | quote }}`;
}

function bindingOf(match: RegExpMatchArray, bindings: readonly Binding[]): Binding | undefined {
  const [, marker, sentinel] = match;
  if (marker !== undefined) {
    const binding = bindings[Number(marker)];
    if (binding?.type !== 'string') throw new Error(`unknown settings marker ${match[0]}`);
    return binding;
  }
  return sentinelBinding(SENTINEL_BASE + Number(sentinel), bindings);
}

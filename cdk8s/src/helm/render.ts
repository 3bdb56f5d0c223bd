import { stringify } from 'yaml';
import { EXPR_MARKER, STR_MARKER, unhex } from './expr.ts';
import { SENTINEL_BASE, sentinelBinding, type Binding } from './placeholders.ts';

/** A string marker, or a sentinel number written as text (SENTINEL_BASE + a 4-digit index). */
const PLACEHOLDER = new RegExp(
  `vfhelm(\\d+)z|(?<![0-9])${String(SENTINEL_BASE).slice(0, 5)}(\\d{4})(?![0-9])`,
  'g',
);
const MARKER = /^vfhelm(\d+)z$/;
/** A pass-through map's key, `:under` when the chart's own entries win over it (placeholders.ts). */
const MAP_MARKER = /^vfhelm(\d+)z(:under)?$/;
const TOKEN = /vftok(\d+)x/g;

export interface TemplateDoc {
  /** One synthesized object, with placeholders where settings went. */
  readonly object: unknown;
  /** Go-template condition the object depends on (a Gate), if any. */
  readonly condition?: string;
}

/**
 * What replaces a token: inline text, a `key: value` line that disappears when the value is empty
 * (`with`), or a list item that becomes one item per element of a list value (`range`).
 */
type Action =
  | { readonly kind: 'inline'; readonly text: string }
  | { readonly kind: 'with' | 'range'; readonly expr: string };

/**
 * Turns synthesized objects into Helm template text. Every scalar that carries a placeholder is
 * replaced, whole, by one Go-template action: `{{ expr | quote }}` for strings, `{{ expr | int64 }}`
 * for integers (values are float64 in Helm; `int64` keeps large numbers out of `5.36e+09` notation),
 * and `{{ printf … | quote }}` for strings that mix literal text and settings. Pass-through values
 * (placeholders.ts `map` and `list`) become `toJson` of the value, left out when empty, merged with
 * the chart's own entries (`mustMergeOverwrite`, later entries winning) or spliced into the chart's
 * list (`range`). Literal `{{`/`}}` (Prometheus and Grafana templates) are escaped, so Helm renders
 * them unchanged.
 */
export function renderTemplate(docs: readonly TemplateDoc[], bindings: readonly Binding[]): string {
  const actions: Action[] = [];
  const inline = (text: string) => token(actions, { kind: 'inline', text });
  const tokenize = (value: unknown): unknown => {
    if (typeof value === 'number') {
      const binding = sentinelBinding(value, bindings);
      return binding ? inline(`{{ ${binding.expr} | int64 }}`) : value;
    }
    if (typeof value === 'string') {
      const computed = EXPR_MARKER.exec(value);
      if (computed) return inline(`{{ ${expandExpr(computed[1] as string, bindings)} | quote }}`);
      const action = stringAction(value, bindings);
      return action ? inline(action) : value;
    }
    if (Array.isArray(value)) {
      return value.map((item) => {
        const list = passThrough(item, bindings, 'list');
        return list ? token(actions, { kind: 'range', expr: list.expr }) : tokenize(item);
      });
    }
    if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      if (entries.some(([k]) => passThrough(k, bindings, 'map'))) {
        return inline(`{{ toJson ${objectExpr(value as Record<string, unknown>, bindings)} }}`);
      }
      return Object.fromEntries(
        entries.map(([k, v]) => {
          PLACEHOLDER.lastIndex = 0;
          if (PLACEHOLDER.test(k)) throw new Error(`a setting ended up in a key: ${k}`);
          PLACEHOLDER.lastIndex = 0;
          const whole = wholePassThrough(v, bindings);
          return [k, whole ? token(actions, { kind: 'with', expr: whole.expr }) : tokenize(v)];
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
  return parts
    .join('')
    .replace(/^( *)(- )?(\S[^\n]*?): vftok(\d+)x$/gm, (line, indent: string, dash, key, i) => {
      const action = actions[Number(i)] as Action;
      if (action.kind !== 'with') return line;
      if (dash)
        throw new Error(`a pass-through value cannot be the first key of a list item: ${key}`);
      return `${indent}{{- with ${action.expr} }}\n${indent}${key}: {{ toJson . }}\n${indent}{{- end }}`;
    })
    .replace(/^( *)- vftok(\d+)x$/gm, (line, indent: string, i) => {
      const action = actions[Number(i)] as Action;
      if (action.kind !== 'range') return line;
      return `${indent}{{- range ${action.expr} }}\n${indent}- {{ toJson . }}\n${indent}{{- end }}`;
    })
    .replace(TOKEN, (_, i: string) => {
      const action = actions[Number(i)] as Action;
      if (action.kind !== 'inline') throw new Error(`misplaced pass-through value (token ${i})`);
      return action.text;
    });
}

function token(actions: Action[], action: Action): string {
  return `vftok${actions.push(action) - 1}x`;
}

/** The binding of a pass-through marker (a map key or a list item), if `text` is one. */
function passThrough(
  text: unknown,
  bindings: readonly Binding[],
  type: 'map' | 'list',
): Binding | undefined {
  if (typeof text !== 'string') return undefined;
  const match = (type === 'map' ? MAP_MARKER : MARKER).exec(text);
  const binding = match ? bindings[Number(match[1])] : undefined;
  return binding?.type === type ? binding : undefined;
}

/** A map or list that is nothing but one pass-through value. */
function wholePassThrough(value: unknown, bindings: readonly Binding[]): Binding | undefined {
  if (Array.isArray(value)) {
    return value.length === 1 ? passThrough(value[0], bindings, 'list') : undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    return keys.length === 1 ? passThrough(keys[0], bindings, 'map') : undefined;
  }
  return undefined;
}

/** `{{` and `}}` that are data, not Helm: `{{ "{{" }}` renders as `{{`. */
export function escapeBraces(text: string): string {
  return text.replace(/\{\{|\}\}/g, (m) => `{{ ${JSON.stringify(m)} }}`);
}

/** A computed string's Go expression, with each settings-derived string inside expanded. */
function expandExpr(hexText: string, bindings: readonly Binding[]): string {
  return unhex(hexText).replace(STR_MARKER, (_, inner: string) =>
    stringExpr(unhex(inner), bindings),
  );
}

/** A Go-template expression that evaluates to `value` (JSON-like: strings, numbers, maps, lists). */
function goExpr(value: unknown, bindings: readonly Binding[]): string {
  if (typeof value === 'string') {
    const computed = EXPR_MARKER.exec(value);
    return computed
      ? `(${expandExpr(computed[1] as string, bindings)})`
      : stringExpr(value, bindings);
  }
  if (typeof value === 'number') {
    const binding = sentinelBinding(value, bindings);
    return binding ? `(int64 ${binding.expr})` : String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `(list ${value.map((v) => goExpr(v, bindings)).join(' ')})`;
  if (typeof value === 'object' && value !== null) {
    return objectExpr(value as Record<string, unknown>, bindings);
  }
  throw new Error(`cannot express ${String(value)} in a template`);
}

/**
 * A map: pass-through maps marked `:under`, then the literal entries, then the other pass-through
 * maps, later ones winning (cdk8s sorts keys, so the order of the entries says nothing).
 */
function objectExpr(value: Record<string, unknown>, bindings: readonly Binding[]): string {
  const under: string[] = [];
  const over: string[] = [];
  const literal: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const spread = passThrough(k, bindings, 'map');
    if (spread) (k.endsWith(':under') ? under : over).push(spread.expr);
    else literal.push(`${JSON.stringify(k)} ${goExpr(v, bindings)}`);
  }
  const dict = `(dict${literal.map((l) => ` ${l}`).join('')})`;
  if (under.length === 0 && over.length === 0) return dict;
  const layers = [...under, ...(literal.length > 0 ? [dict] : []), ...over];
  return `(mustMergeOverwrite (dict) ${layers.join(' ')})`;
}

interface Piece {
  readonly literal: string;
  readonly binding?: Binding;
}

function pieces(value: string, bindings: readonly Binding[]): { parts: Piece[]; tail: string } {
  const parts: Piece[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    const binding = bindingOf(match, bindings);
    if (!binding) continue;
    parts.push({ literal: value.slice(last, match.index), binding });
    last = match.index + match[0].length;
  }
  return { parts, tail: value.slice(last) };
}

function printf(parts: readonly Piece[], tail: string): string {
  let format = '';
  const args: string[] = [];
  for (const { literal, binding } of parts) {
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
  return `printf ${JSON.stringify(format)} ${args.join(' ')}`;
}

/** A Go expression for a string that may carry settings. */
function stringExpr(value: string, bindings: readonly Binding[]): string {
  const { parts, tail } = pieces(value, bindings);
  if (parts.length === 0) return JSON.stringify(value);
  const [only] = parts;
  if (parts.length === 1 && only && only.literal === '' && tail === '' && only.binding) {
    if (only.binding.type === 'string') return only.binding.expr;
  }
  return `(${printf(parts, tail)})`;
}

function stringAction(value: string, bindings: readonly Binding[]): string | undefined {
  const { parts, tail } = pieces(value, bindings);
  if (parts.length === 0) return undefined;
  const [only] = parts;
  if (parts.length === 1 && only && only.literal === '' && tail === '' && only.binding) {
    return only.binding.type === 'integer'
      ? `{{ ${only.binding.expr} | int64 | quote }}`
      : `{{ ${only.binding.expr} | quote }}`;
  }
  return `{{ ${printf(parts, tail)} | quote }}`;
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

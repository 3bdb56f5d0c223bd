import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { placeholderSettings, SENTINEL_BASE } from '../../src/helm/placeholders.ts';
import { escapeBraces, renderTemplate } from '../../src/helm/render.ts';
import { defaultSettings } from '../../src/settings.ts';

const { settings, bindings } = placeholderSettings(defaultSettings);

describe('placeholder settings', () => {
  it('bind release fields to Helm built-ins and every other field to its values path', () => {
    const exprOf = (marker: string) => bindings[Number(/vfhelm(\d+)z/.exec(marker)?.[1])]?.expr;
    expect(exprOf(settings.release.name)).toBe('.Release.Name');
    expect(exprOf(settings.release.namespace)).toBe('.Release.Namespace');
    expect(exprOf(settings.release.appVersion)).toBe('.Chart.AppVersion');
    expect(exprOf(settings.api.image.repository)).toBe('.Values.api.image.repository');
    const max = bindings[settings.transcoder.scaling.maxReplicas - SENTINEL_BASE];
    expect(max).toEqual({ expr: '.Values.transcoder.scaling.maxReplicas', type: 'integer' });
  });

  it('open every gate flag, so every optional object is in the chart', () => {
    expect(settings.ingress.enabled).toBe(true);
    expect(settings.monitoring.enabled).toBe(true);
  });
});

describe('renderTemplate', () => {
  const render = (object: unknown, condition?: string) =>
    renderTemplate([condition === undefined ? { object } : { object, condition }], bindings);

  it('quotes strings, keeps integers integers (int64, never 5.3e+09), and formats mixed strings with printf', () => {
    const text = render({
      name: settings.release.name,
      replicas: settings.api.autoscaling.maxReplicas,
      env: String(settings.api.maxUploadBytes),
      image: `${settings.api.image.repository}:${settings.api.image.tag}`,
      odd: `100% ${settings.release.name}-${settings.transcoder.concurrency}`,
      literal: 'plain',
    });
    expect(text).toBe(
      [
        '---',
        'name: {{ .Release.Name | quote }}',
        'replicas: {{ .Values.api.autoscaling.maxReplicas | int64 }}',
        'env: {{ .Values.api.maxUploadBytes | int64 | quote }}',
        'image: {{ printf "%s:%s" .Values.api.image.repository .Values.api.image.tag | quote }}',
        'odd: {{ printf "100%% %s-%d" .Release.Name (int64 .Values.transcoder.concurrency) | quote }}',
        'literal: plain',
        '',
      ].join('\n'),
    );
  });

  it('escapes literal template braces (Prometheus, Grafana) so Helm prints them as they are', () => {
    expect(escapeBraces('{{ $value }} and {{pod}}')).toBe(
      '{{ "{{" }} $value {{ "}}" }} and {{ "{{" }}pod{{ "}}" }}',
    );
    expect(render({ summary: '{{ $labels.pod }}' })).toBe(
      '---\nsummary: "{{ "{{" }} $labels.pod {{ "}}" }}"\n',
    );
  });

  it('wraps a gated object in its condition', () => {
    expect(render({ kind: 'Ingress' }, '.Values.ingress.enabled')).toBe(
      '{{- if .Values.ingress.enabled }}\n---\nkind: Ingress\n{{- end }}\n',
    );
  });

  it('refuses a setting in a map key, which a template could not express safely', () => {
    expect(() => render({ [settings.release.name]: 'x' })).toThrow(/setting ended up in a key/);
  });

  it('produces YAML that parses once the actions are replaced', () => {
    const text = render({ a: settings.release.name, b: [settings.api.autoscaling.minReplicas] });
    const filled = text
      .replace('{{ .Release.Name | quote }}', '"videoforge"')
      .replace('{{ .Values.api.autoscaling.minReplicas | int64 }}', '2');
    expect(parse(filled)).toEqual({ a: 'videoforge', b: [2] });
  });
});

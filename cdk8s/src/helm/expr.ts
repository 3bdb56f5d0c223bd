import type { IConstruct } from 'constructs';
import { HELM_CONTEXT } from '../gate.ts';

/**
 * A string the chart computes with a Go-template expression where `npm run synth` computes `value`
 * itself (an image reference that depends on whether a digest is set, a checksum). `expr` gets a
 * function that turns any settings-derived string into a Go expression; the generator
 * (helm/render.ts) expands the marker this returns.
 */
export function computed(
  scope: IConstruct,
  value: string,
  expr: (str: (value: string) => string) => string,
): string {
  if (scope.node.tryGetContext(HELM_CONTEXT) !== true) return value;
  return `vfexpr${hex(expr((v) => `vfstr${hex(v)}z`))}z`;
}

/** Whether a scope is synthesized for the chart generator. */
export function forHelm(scope: IConstruct): boolean {
  return scope.node.tryGetContext(HELM_CONTEXT) === true;
}

export const EXPR_MARKER = /^vfexpr([0-9a-f]+)z$/;
export const STR_MARKER = /vfstr([0-9a-f]+)z/g;

function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

export function unhex(text: string): string {
  return Buffer.from(text, 'hex').toString('utf8');
}

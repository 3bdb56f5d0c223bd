import { Construct } from 'constructs';
import type { Settings } from './settings.ts';

/** Context key set on the app when it is synthesized for the Helm chart generator. */
export const HELM_CONTEXT = 'videoforge:helm';

/** A settings path whose value switches part of the release on or off. */
export type GatePath =
  | 'ingress.enabled'
  | 'ingress.admin.separate'
  | 'namespace.create'
  | 'monitoring.enabled'
  | 'networkPolicies.enabled'
  | 'externalSecrets.enabled'
  | 'transcoder.scaling.authentication'
  | 'transcoder.securityGroupPolicy.enabled'
  | 'web.enabled'
  | 'web.apiProxy.enabled';

export interface GateProps {
  readonly settings: Settings;
  readonly path: GatePath;
  /** The value that opens the gate. Default `true` (a boolean flag). */
  readonly equals?: string | boolean;
}

/**
 * Optional part of the release. Constructs created inside a Gate exist only when the setting at
 * `path` equals `equals`. For the Helm chart every gate is open and the generator wraps the objects
 * under it in `{{ if <the same condition> }}`, so the chart switches them like `npm run synth` does.
 */
export class Gate extends Construct {
  readonly path: GatePath;
  readonly equals: string | boolean;
  /** Whether the constructs inside should be created. */
  readonly open: boolean;

  constructor(scope: Construct, id: string, props: GateProps) {
    super(scope, id);
    this.path = props.path;
    this.equals = props.equals ?? true;
    const forHelm = this.node.tryGetContext(HELM_CONTEXT) === true;
    this.open = forHelm || readPath(props.settings, props.path) === this.equals;
  }

  /** The Go-template condition Helm evaluates for this gate. */
  get helmCondition(): string {
    const value = `.Values.${this.path}`;
    return typeof this.equals === 'boolean'
      ? this.equals
        ? value
        : `not ${value}`
      : `eq ${value} ${JSON.stringify(this.equals)}`;
  }

  /** Runs `build` inside the gate when it is open. */
  static when(scope: Construct, id: string, props: GateProps, build: (gate: Gate) => void): void {
    const gate = new Gate(scope, id, props);
    if (gate.open) build(gate);
  }
}

export function readPath(source: object, path: string): unknown {
  let value: unknown = source;
  for (const key of path.split('.')) value = (value as Record<string, unknown>)[key];
  return value;
}

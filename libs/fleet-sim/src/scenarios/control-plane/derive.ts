import type { ControlPlaneSpec, RequestClass } from '../../control-plane/spec.ts';
import { healthyControlPlaneSpec } from './healthy.ts';

/** A fresh healthy spec, renamed and changed by `change` (scenarios are the healthy one plus an incident). */
export function deriveSpec(name: string, change: (spec: ControlPlaneSpec) => void): ControlPlaneSpec {
  const spec = healthyControlPlaneSpec();
  spec.name = name;
  change(spec);
  return spec;
}

export const READ_VERBS: readonly RequestClass['verb'][] = ['GET', 'LIST'];
export const WRITE_VERBS: readonly RequestClass['verb'][] = ['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY'];

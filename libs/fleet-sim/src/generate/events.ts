import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import type { Random } from '../random.ts';

export interface EventInput {
  involved: KubeObject;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  component: string;
  host?: string;
  count: number;
  firstMs: number;
  lastMs: number;
}

/** A core/v1 Event about `involved`, named `<object>.<hex nanoseconds>` like the real recorder. */
export function buildEvent(random: Random, input: EventInput): KubeObject {
  const { involved } = input;
  const suffix = (BigInt(input.firstMs) * 1_000_000n + BigInt(random.int(0, 999_999))).toString(16);
  const involvedObject: Record<string, string> = {
    kind: involved.kind,
    name: involved.metadata.name,
    uid: involved.metadata.uid,
    apiVersion: involved.apiVersion,
    resourceVersion: involved.metadata.resourceVersion,
  };
  if (involved.metadata.namespace) involvedObject.namespace = involved.metadata.namespace;
  if (involved.kind === 'Pod' && input.reason === 'BackOff') {
    const container = (involved.spec as { containers?: { name?: string }[] } | undefined)?.containers?.[0]
      ?.name;
    if (container) involvedObject.fieldPath = `spec.containers{${container}}`;
  }
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${involved.metadata.name}.${suffix}`,
      namespace: involved.metadata.namespace ?? 'default',
      uid: random.uuid(),
      resourceVersion: '',
      creationTimestamp: toKubeTime(input.firstMs),
    },
    involvedObject,
    reason: input.reason,
    message: input.message,
    source: input.host ? { component: input.component, host: input.host } : { component: input.component },
    firstTimestamp: toKubeTime(input.firstMs),
    lastTimestamp: toKubeTime(input.lastMs),
    count: input.count,
    type: input.type,
    eventTime: null,
    reportingComponent: input.component,
    reportingInstance: input.host ?? '',
  };
}

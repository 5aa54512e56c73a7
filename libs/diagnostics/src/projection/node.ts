import type { NodeRecord, Taint } from '@fleetscope/types';
import { findCondition } from './conditions.ts';
import {
  deviceCount,
  elementObject,
  type JsonObject,
  optionalArray,
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredString,
} from './fields.ts';
import { GPU_RESOURCE, isGpuExtendedResource } from './gpu-resources.ts';
import { metadataOf, readCreatedAt, readIdentity, readLabels } from './metadata.ts';
import { DEFAULT_POOL_LABELS, GPU_PRODUCT_LABEL, labelsIndicateGpu, resolvePool } from './pool.ts';
import { type ProjectionResult, project } from './result.ts';

export interface NodeProjectionOptions {
  /** Ordered pool label keys; defaults to {@link DEFAULT_POOL_LABELS}. */
  poolLabels?: readonly string[];
}

function readTaints(spec: JsonObject): Taint[] {
  const items = optionalArray(spec, 'taints', 'spec');
  const taints: Taint[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = elementObject(items[i], 'spec.taints', i);
    const path = `spec.taints[${i}]`;
    taints.push({
      key: requiredString(item, 'key', path),
      value: optionalString(item, 'value', path),
      effect: requiredString(item, 'effect', path),
    });
  }
  return taints;
}

/** Whole GPUs in a resource list (capacity or allocatable); 0 when not advertised. */
function gpuIn(list: JsonObject | undefined, path: string): number {
  const value = list?.[GPU_RESOURCE];
  return value === undefined || value === null ? 0 : deviceCount(value, `${path}[${GPU_RESOURCE}]`);
}

/** MIG profiles and shared GPUs present in allocatable, including zeros (a profile with none free). */
function extendedIn(list: JsonObject | undefined, path: string): Record<string, number> {
  const extended: Record<string, number> = {};
  if (list === undefined) return extended;
  for (const name of Object.keys(list)) {
    if (isGpuExtendedResource(name)) extended[name] = deviceCount(list[name], `${path}[${name}]`);
  }
  return extended;
}

/** Projects a core/v1 Node. */
export function projectNode(raw: unknown, options: NodeProjectionOptions = {}): ProjectionResult<NodeRecord> {
  return project('Node', raw, (object) => {
    const metadata = metadataOf(object);
    const { uid, name, resourceVersion } = readIdentity(metadata, false);
    const labels = readLabels(metadata);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    const allocatable = optionalObject(status, 'allocatable', 'status');
    const capacity = optionalObject(status, 'capacity', 'status');
    const gpuAllocatable = gpuIn(allocatable, 'status.allocatable');
    const gpuCapacity = gpuIn(capacity, 'status.capacity');
    const gpuExtended = extendedIn(allocatable, 'status.allocatable');
    const ready = findCondition(status, 'status', 'Ready');
    const hasGpu = gpuCapacity > 0 || Object.keys(gpuExtended).length > 0 || labelsIndicateGpu(labels);
    return {
      kind: 'Node',
      uid,
      name,
      resourceVersion,
      createdAt: readCreatedAt(metadata),
      pool: resolvePool(labels, options.poolLabels ?? DEFAULT_POOL_LABELS, hasGpu),
      gpuProduct: labels[GPU_PRODUCT_LABEL] ?? '',
      // Unknown (kubelet stopped posting) and absent both mean "we cannot tell".
      ready: ready === null || ready.status === 'Unknown' ? null : ready.status === 'True',
      readyReason: ready?.reason ?? '',
      unschedulable: optionalBoolean(spec, 'unschedulable', 'spec'),
      taints: readTaints(spec),
      gpuAllocatable,
      gpuCapacity,
      gpuExtended,
      labels,
    };
  });
}

import type { NodeRecord, Taint } from '@fleetscope/types';
import { findCondition } from './conditions.ts';
import {
  deviceCount,
  elementObject,
  type JsonObject,
  milliQuantity,
  optionalArray,
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredString,
  wholeQuantity,
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

/** Resources a node's allocatable names that are not counted apart (cpu, memory, pods) or GPU-like. */
function isOtherResource(name: string): boolean {
  return (
    name !== 'cpu' &&
    name !== 'memory' &&
    name !== 'pods' &&
    name !== GPU_RESOURCE &&
    !isGpuExtendedResource(name)
  );
}

/**
 * Non-GPU extended resources (hugepages, vendor devices, ephemeral-storage) a node offers above 0;
 * undefined when none, so most nodes carry no object. A value that is not a quantity is left out
 * (unknown, never 0).
 */
function otherAllocatable(list: JsonObject | undefined): Record<string, number> | undefined {
  if (list === undefined) return undefined;
  let out: Record<string, number> | undefined;
  for (const name of Object.keys(list)) {
    if (!isOtherResource(name) || name === '__proto__') continue;
    const value = wholeQuantity(list[name]);
    if (value === null || value === 0) continue;
    out ??= {};
    out[name] = value;
  }
  return out;
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
    const other = otherAllocatable(allocatable);
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
      cpuAllocatable: allocatable === undefined ? null : milliQuantity(allocatable.cpu),
      memoryAllocatable: allocatable === undefined ? null : wholeQuantity(allocatable.memory),
      podsAllocatable: allocatable === undefined ? null : wholeQuantity(allocatable.pods),
      ...(other === undefined ? {} : { extendedAllocatable: other }),
      labels,
    };
  });
}

import { toKubeTime } from '../clock.ts';
import type { JsonObject } from '../model/types.ts';
import { NAME_SUFFIX_ALPHABET, type Random } from '../random.ts';

/** A `managedFields` entry shaped like a real server's (consumers are expected to drop it). */
export function managedFields(
  manager: string,
  apiVersion: string,
  timeMs: number,
  subresource?: string,
): JsonObject[] {
  const entry: JsonObject = {
    manager,
    operation: 'Update',
    apiVersion,
    time: toKubeTime(timeMs),
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:metadata': { 'f:labels': { '.': {} } }, 'f:spec': {} },
  };
  if (subresource) entry.subresource = subresource;
  return [entry];
}

/** Kubernetes-style random name suffix (`-x7k2p`). */
export function nameSuffix(random: Random, length = 5): string {
  return random.string(length, NAME_SUFFIX_ALPHABET);
}

/** A creation time `minMinutes`..`maxMinutes` before `now`. */
export function agoMs(random: Random, now: number, minMinutes: number, maxMinutes: number): number {
  return now - random.int(minMinutes, maxMinutes) * 60_000 - random.int(0, 59) * 1000;
}

/** A containerd container id. */
export function containerId(random: Random): string {
  return `containerd://${random.string(64, '0123456789abcdef')}`;
}

/** Formats a number of CPU cores the way the API server prints quantities. */
export function cpuQuantity(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/** Formats bytes as Ki (how kubelets report memory). */
export function memoryKi(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}

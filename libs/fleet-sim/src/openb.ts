import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GpuModel } from './scenarios/spec.ts';

/** Credit line required by the trace's licence (CC BY 4.0); keep it wherever the data is used. */
export const OPENB_CREDIT =
  'GPU nodes and workload mix: Alibaba Group, cluster-trace-gpu-v2023 (openb), CC BY 4.0 — https://github.com/alibaba/clusterdata';

/** Folder holding the copied CSVs (libs/fleet-sim/data/openb). */
export const OPENB_DATA_DIR: string = fileURLToPath(new URL('../data/openb/', import.meta.url));

export interface OpenbNode {
  name: string;
  cpuMilli: number;
  memoryMiB: number;
  gpus: number;
  /** Trace model name: P100, T4, V100M16, V100M32, A10, G1–G3 (undisclosed). */
  model: string;
}

export type OpenbPhase = 'Running' | 'Pending' | 'Succeeded' | 'Failed';

export interface OpenbPod {
  name: string;
  cpuMilli: number;
  memoryMiB: number;
  /** Whole GPUs requested (0–8). */
  numGpu: number;
  /** Thousandths of one GPU when numGpu is 1 (1000 = a whole GPU). */
  gpuMilli: number;
  /** Allowed GPU models; empty = any. */
  gpuSpec: string[];
  qos: string;
  phase: OpenbPhase;
  creationTime: number;
  deletionTime: number | null;
  scheduledTime: number | null;
}

export interface OpenbTrace {
  nodes: OpenbNode[];
  pods: OpenbPod[];
}

/** Thrown for a malformed CSV line, naming the file and line. */
export class OpenbParseError extends Error {}

function splitCsv(text: string, source: string, expected: string[]): string[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',');
  for (const [i, name] of expected.entries()) {
    if (header[i] !== name) throw new OpenbParseError(`${source}: expected column ${i + 1} to be "${name}"`);
  }
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new OpenbParseError(`${source}:${i + 2}: expected ${header.length} cells, got ${cells.length}`);
    }
    return cells;
  });
}

function int(cell: string | undefined, source: string, line: number, column: string): number {
  const value = Number(cell);
  if (cell === undefined || cell === '' || !Number.isInteger(value) || value < 0) {
    throw new OpenbParseError(`${source}:${line}: ${column} is not a non-negative integer: "${cell ?? ''}"`);
  }
  return value;
}

function optionalInt(cell: string | undefined, source: string, line: number, column: string): number | null {
  return cell === undefined || cell === '' ? null : int(cell, source, line, column);
}

const PHASES: readonly OpenbPhase[] = ['Running', 'Pending', 'Succeeded', 'Failed'];

/** Parses `openb_node_list_gpu_node.csv`. */
export function parseOpenbNodes(text: string, source = 'openb_node_list_gpu_node.csv'): OpenbNode[] {
  return splitCsv(text, source, ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model']).map((c, i) => ({
    name: c[0] ?? '',
    cpuMilli: int(c[1], source, i + 2, 'cpu_milli'),
    memoryMiB: int(c[2], source, i + 2, 'memory_mib'),
    gpus: int(c[3], source, i + 2, 'gpu'),
    model: c[4] ?? '',
  }));
}

/** Parses `openb_pod_list_default.csv` (the 11-column form with phases and times). */
export function parseOpenbPods(text: string, source = 'openb_pod_list_default.csv'): OpenbPod[] {
  const columns = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'gpu_spec', 'qos', 'pod_phase'];
  return splitCsv(text, source, columns).map((c, i) => {
    const line = i + 2;
    const phase = PHASES.find((p) => p === c[7]);
    if (!phase) throw new OpenbParseError(`${source}:${line}: unknown pod_phase "${c[7] ?? ''}"`);
    return {
      name: c[0] ?? '',
      cpuMilli: int(c[1], source, line, 'cpu_milli'),
      memoryMiB: int(c[2], source, line, 'memory_mib'),
      numGpu: int(c[3], source, line, 'num_gpu'),
      gpuMilli: int(c[4], source, line, 'gpu_milli'),
      gpuSpec: (c[5] ?? '').split('|').filter((s) => s.length > 0),
      qos: c[6] ?? '',
      phase,
      creationTime: int(c[8], source, line, 'creation_time'),
      deletionTime: optionalInt(c[9], source, line, 'deletion_time'),
      scheduledTime: optionalInt(c[10], source, line, 'scheduled_time'),
    };
  });
}

let cached: OpenbTrace | undefined;

/** Reads and parses both CSVs from `dir` (cached for the default folder). */
export function loadOpenbTrace(dir: string = OPENB_DATA_DIR): OpenbTrace {
  if (dir === OPENB_DATA_DIR && cached) return cached;
  const trace = {
    nodes: parseOpenbNodes(readFileSync(`${dir}/openb_node_list_gpu_node.csv`, 'utf8')),
    pods: parseOpenbPods(readFileSync(`${dir}/openb_pod_list_default.csv`, 'utf8')),
  };
  if (dir === OPENB_DATA_DIR) cached = trace;
  return trace;
}

/**
 * GFD-style facts for each trace model. G1–G3 are undisclosed in the trace, so they get a neutral
 * product name and unknown family rather than an invented SKU.
 */
export function openbGpuModel(model: string, count: number): GpuModel {
  const base = { count, driver: '535.183.06', cuda: '12.2' };
  switch (model) {
    case 'P100':
      return {
        ...base,
        product: 'Tesla-P100-PCIE-16GB',
        memoryMiB: 16384,
        family: 'pascal',
        computeMajor: 6,
        computeMinor: 0,
      };
    case 'T4':
      return {
        ...base,
        product: 'Tesla-T4',
        memoryMiB: 15360,
        family: 'turing',
        computeMajor: 7,
        computeMinor: 5,
      };
    case 'V100M16':
      return {
        ...base,
        product: 'Tesla-V100-SXM2-16GB',
        memoryMiB: 16384,
        family: 'volta',
        computeMajor: 7,
        computeMinor: 0,
      };
    case 'V100M32':
      return {
        ...base,
        product: 'Tesla-V100-SXM2-32GB',
        memoryMiB: 32768,
        family: 'volta',
        computeMajor: 7,
        computeMinor: 0,
      };
    case 'A10':
      return {
        ...base,
        product: 'NVIDIA-A10',
        memoryMiB: 23028,
        family: 'ampere',
        computeMajor: 8,
        computeMinor: 6,
      };
    default:
      return {
        ...base,
        product: `Undisclosed-${model}`,
        memoryMiB: 0,
        family: 'unknown',
        computeMajor: 0,
        computeMinor: 0,
      };
  }
}

/** The pod list's snapshot: tasks whose final phase is Running (the trace's cluster state at its end). */
export function runningOpenbPods(trace: OpenbTrace): OpenbPod[] {
  return trace.pods.filter((p) => p.phase === 'Running');
}

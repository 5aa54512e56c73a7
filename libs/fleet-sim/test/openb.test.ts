import { describe, expect, it } from 'vitest';
import {
  loadOpenbTrace,
  OpenbParseError,
  parseOpenbNodes,
  parseOpenbPods,
  runningOpenbPods,
} from '../src/openb.ts';

describe('openb loader', () => {
  it('reads the full node and pod lists', () => {
    const trace = loadOpenbTrace();
    expect(trace.nodes).toHaveLength(1213);
    expect(trace.pods).toHaveLength(8152);
    expect(trace.nodes.reduce((sum, n) => sum + n.gpus, 0)).toBe(6212);
    const models = new Set(trace.nodes.map((n) => n.model));
    expect([...models].sort()).toEqual(['A10', 'G2', 'G3', 'P100', 'T4', 'V100M16', 'V100M32']);
    expect(trace.nodes[0]).toEqual({
      name: 'openb-node-0000',
      cpuMilli: 64000,
      memoryMiB: 262144,
      gpus: 2,
      model: 'P100',
    });
  });

  it('keeps the request mix of the paper (GPUs per pod: 0, 1 incl. fractional, 2, 4, 8)', () => {
    const { pods } = loadOpenbTrace();
    const byGpus = new Map<number, number>();
    for (const p of pods) byGpus.set(p.numGpu, (byGpus.get(p.numGpu) ?? 0) + 1);
    expect(Object.fromEntries(byGpus)).toEqual({ 0: 1088, 1: 6989, 2: 16, 4: 15, 8: 44 });
    expect(pods.filter((p) => p.numGpu === 1 && p.gpuMilli < 1000)).toHaveLength(3078);
    expect(runningOpenbPods({ nodes: [], pods })).toHaveLength(5193);
    expect(pods[1]).toMatchObject({
      name: 'openb-pod-0001',
      numGpu: 1,
      gpuMilli: 460,
      qos: 'LS',
      phase: 'Running',
      scheduledTime: 427061,
    });
  });

  it('rejects malformed files with the line number', () => {
    expect(() => parseOpenbNodes('sn,cpu_milli,memory_mib,gpu,model\nn1,64000,abc,2,T4\n')).toThrow(
      /:2: memory_mib/,
    );
    expect(() => parseOpenbNodes('name,cpu\n')).toThrow(OpenbParseError);
    const header =
      'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';
    expect(() => parseOpenbPods(`${header}\np,1,1,1,1000,,LS,Exploded,0,,\n`)).toThrow(/unknown pod_phase/);
    expect(parseOpenbPods(`${header}\np,1,1,1,1000,T4|V100M16,LS,Pending,5,,\n`)[0]).toMatchObject({
      gpuSpec: ['T4', 'V100M16'],
      deletionTime: null,
      scheduledTime: null,
    });
  });
});

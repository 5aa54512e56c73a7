import { summarizeCluster } from '@fleetscope/diagnostics';
import type { ClusterSummary } from '@fleetscope/types';
import { ObjectStore } from '../stores/object-store.ts';
import { type DumpContents, readDump } from './read-dump.ts';

export interface AnalyzeReport {
  files: string[];
  objects: number;
  rejected: string[];
  ignored: Record<string, number>;
  cluster: ClusterSummary;
}

/** The offline path: the same projections and summary as the API, from kubectl JSON dumps. */
export async function analyzeFiles(
  files: string[],
  clusterName: string,
  now: number,
): Promise<AnalyzeReport> {
  const contents: DumpContents = { records: [], rejected: [], ignored: {}, objects: 0 };
  for (const file of files) await readDump(file, contents);
  const store = new ObjectStore();
  for (const record of contents.records) store.upsert(record);
  const cluster = summarizeCluster({
    name: clusterName,
    nodes: store.nodes(),
    pods: store.pods(),
    deployments: store.deployments(),
    services: store.services(),
    endpointSlices: store.endpointSlices(),
    freshness: [],
    now,
    mode: 'offline',
  });
  return {
    files,
    objects: contents.objects,
    rejected: contents.rejected,
    ignored: contents.ignored,
    cluster,
  };
}

export function formatText(report: AnalyzeReport): string {
  const c = report.cluster;
  const pad = (s: string, n: number): string => s.padEnd(n);
  const lines = [
    `Cluster ${c.name} — offline analysis of ${report.files.length} file(s), ${report.objects} object(s)`,
    `  ${pad('Control plane', 15)}${pad(c.controlPlane.status, 15)}${c.controlPlane.summary}`,
    `  ${pad('Data plane', 15)}${pad(c.dataPlane.status, 15)}${c.dataPlane.summary}`,
    `  ${pad('Nodes', 15)}${c.nodes.ready}/${c.nodes.total} Ready, ${c.nodes.notReady} NotReady, ${c.nodes.unknown} Unknown, ${c.nodes.cordoned} cordoned`,
    `  ${pad('Pods', 15)}${c.pods.total} total: ${c.pods.running} Running, ${c.pods.ready} Ready, ${c.pods.pending} Pending, ${c.pods.failed} Failed, ${c.pods.succeeded} Succeeded, ${c.pods.crashLooping} CrashLoopBackOff`,
    `  ${pad('GPUs', 15)}${c.gpus.allocated} allocated of ${c.gpus.allocatable} allocatable; ${c.gpus.pending} requested by unscheduled pods; ${c.gpus.unusable} on NotReady/cordoned nodes`,
    `  ${pad('Workloads', 15)}${c.workloads.deploymentsAvailable}/${c.workloads.deployments} deployments available; ${c.workloads.servicesWithoutEndpoints} of ${c.workloads.services} services without ready endpoints`,
  ];
  const ignored = Object.entries(report.ignored);
  if (ignored.length > 0) lines.push(`  Ignored kinds: ${ignored.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  if (report.rejected.length > 0) {
    lines.push(`  Rejected ${report.rejected.length} malformed object(s):`);
    for (const r of report.rejected.slice(0, 20)) lines.push(`    - ${r}`);
    if (report.rejected.length > 20) lines.push(`    … and ${report.rejected.length - 20} more`);
  }
  return `${lines.join('\n')}\n`;
}

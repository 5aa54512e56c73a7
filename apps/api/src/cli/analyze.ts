import {
  analyzeWorkloads,
  type ClusterRecords,
  type DraInventory,
  draInventory,
  type GpuOperatorStatus,
  gpuOperatorFindings,
  gpuOperatorStatus,
  judgeCluster,
  type KueueView,
  type PoolInventory,
  poolLine,
  progressText,
  type RolloutStatus,
  type ServingPath,
  triageScope,
} from '@fleetscope/diagnostics';
import type { ClusterSummary, Finding, SignalSet } from '@fleetscope/types';
import { ObjectStore } from '../stores/object-store.ts';
import {
  type ControlPlaneReport,
  controlPlaneReport,
  formatControlPlaneText,
  signalsOfFiles,
} from './control-plane-report.ts';
import { type DcgmReport, dcgmReport, formatDcgmText } from './dcgm-report.ts';
import {
  type BlockedPodReport,
  blockedPodLines,
  blockedPodReport,
  draLines,
  gpuOperatorLines,
  poolDetailLines,
} from './gpu-pool-report.ts';
import { printable } from './printable.ts';
import { type DumpContents, readDump } from './read-dump.ts';
import { type MetricsFile, readMetricsFile } from './read-metrics.ts';

export interface AnalyzeReport {
  /** kubectl dump files. */
  files: string[];
  objects: number;
  /** Malformed dump items ("FILE item N: …") and exposition lines ("FILE:LINE: …"), all skipped. */
  rejected: string[];
  ignored: Record<string, number>;
  /** Present when dumps were given. */
  cluster?: ClusterSummary;
  /** What the cluster's verdicts were composed from, and every troubled pod, worst first (dumps given). */
  findings?: Finding[];
  /** The findings placed in the narrowest scope that explains them (pod, node, pool, cluster). */
  scopes?: Finding[];
  /** GPU pools: SKU, sharing, drivers, usable capacity per resource, fragmentation (dumps given). */
  pools?: PoolInventory[];
  /** Pending GPU pods fragmentation blocks, largest first, each with the fewest moves that make room (dumps given). */
  blockedPods?: BlockedPodReport[];
  /** DRA devices (resource.k8s.io/v1) from the ResourceSlices and ResourceClaims in the dumps; UNKNOWN when none were given. */
  dra?: DraInventory;
  /** The GPU Operator's ClusterPolicy (nvidia.com/v1) in the dumps; UNKNOWN when none was given. */
  gpuOperator?: GpuOperatorStatus;
  /** Deployments, StatefulSets and DaemonSets whose rollout is not complete: stage, progress, why stuck, what to do (dumps given). */
  rollouts?: RolloutStatus[];
  /** Gateways and HTTPRoutes joined to Services and endpoints, when the dumps hold Gateway API objects. */
  servingPath?: ServingPath;
  /** Kueue's queues and waiting or evicted workloads, when the dumps hold Kueue objects. */
  kueue?: KueueView;
  /** Present when control-plane metrics files were given. */
  controlPlane?: ControlPlaneReport;
  /** Present when dcgm-exporter scrapes were among the metrics files: every GPU by UUID. */
  gpus?: DcgmReport;
}

export interface AnalyzeInput {
  /** `kubectl get … -o json` files. */
  dumps: string[];
  /** Prometheus text exposition files (`curl …/metrics`). */
  metrics: string[];
  cluster: string;
  /** Epoch ms the snapshot stands for. */
  now: number;
}

/**
 * The offline path: the same projections, summary and control-plane verdict as the API, from
 * kubectl JSON dumps and/or metrics files. Throws DumpError when a whole file is unusable.
 */
export async function analyze(input: AnalyzeInput): Promise<AnalyzeReport> {
  const metricsFiles: MetricsFile[] = [];
  for (const file of input.metrics) metricsFiles.push(await readMetricsFile(file, input.cluster, input.now));
  // A dcgm-exporter scrape is not a control-plane component's: it is read for its GPUs only.
  const controlPlaneFiles = metricsFiles.filter((f) => !f.dcgmOnly);
  const dcgmFiles = metricsFiles.filter((f) => f.dcgm.length > 0);
  const signals =
    controlPlaneFiles.length === 0 ? undefined : signalsOfFiles(controlPlaneFiles, input.cluster);
  const dumps =
    input.dumps.length === 0 ? null : await analyzeFiles(input.dumps, input.cluster, input.now, signals);
  const report: AnalyzeReport = dumps ?? { files: [], objects: 0, rejected: [], ignored: {} };
  if (signals !== undefined) report.controlPlane = controlPlaneReport(controlPlaneFiles, signals, input.now);
  if (dcgmFiles.length > 0) {
    report.gpus = dcgmReport(
      dcgmFiles.map((f) => ({ file: f.info.file, samples: f.dcgm })),
      input.cluster,
    );
  }
  report.rejected = [...report.rejected, ...metricsFiles.flatMap((f) => f.rejected)];
  return report;
}

/** Claims, classes and quotas, each only when the dump holds some. */
function presentKinds(
  store: ObjectStore,
): Pick<ClusterRecords, 'claims' | 'storageClasses' | 'runtimeClasses' | 'quotas'> {
  const out: Pick<ClusterRecords, 'claims' | 'storageClasses' | 'runtimeClasses' | 'quotas'> = {};
  if (store.count('PersistentVolumeClaim') > 0) out.claims = [...store.list('PersistentVolumeClaim')];
  if (store.count('StorageClass') > 0) out.storageClasses = [...store.list('StorageClass')];
  if (store.count('RuntimeClass') > 0) out.runtimeClasses = [...store.list('RuntimeClass')];
  if (store.count('ResourceQuota') > 0) out.quotas = [...store.list('ResourceQuota')];
  return out;
}

/**
 * The dump part: the same projections and summary as the API, from kubectl JSON dumps. With
 * control-plane signals, the summary's control-plane verdict is judged from them too.
 */
export async function analyzeFiles(
  files: string[],
  clusterName: string,
  now: number,
  controlPlaneSignals?: SignalSet,
): Promise<
  AnalyzeReport & { cluster: ClusterSummary; findings: Finding[]; scopes: Finding[]; pools: PoolInventory[] }
> {
  const contents: DumpContents = { records: [], rejected: [], ignored: {}, objects: 0 };
  for (const file of files) await readDump(file, contents);
  const store = new ObjectStore();
  for (const record of contents.records) store.upsert(record);
  const { summary: cluster, findings: verdictFindings } = judgeCluster({
    name: clusterName,
    nodes: store.nodes(),
    pods: store.pods(),
    deployments: store.deployments(),
    services: store.services(),
    endpointSlices: store.endpointSlices(),
    freshness: [],
    now,
    mode: 'offline',
    ...(controlPlaneSignals === undefined ? {} : { controlPlaneSignals }),
  });
  // Every pod is classified offline (pending, image pulls, stuck creation…) with its events; GPU
  // pools, per-node fit and unfinished rollouts come along.
  const nodes = [...store.nodes()];
  const { findings, pools, blocked, rollouts, servingPath, kueue } = analyzeWorkloads(
    {
      name: clusterName,
      nodes,
      pods: [...store.pods()],
      deployments: [...store.deployments()],
      replicaSets: [...store.replicaSets()],
      events: [...store.events()],
      pdbs: contents.pdbs ?? [],
      statefulSets: [...store.list('StatefulSet')],
      daemonSets: [...store.list('DaemonSet')],
      gateways: [...store.list('Gateway')],
      routes: [...store.list('HTTPRoute')],
      gatewayClasses: [...store.list('GatewayClass')],
      referenceGrants: [...store.list('ReferenceGrant')],
      services: [...store.services()],
      endpointSlices: [...store.endpointSlices()],
      kueueWorkloads: [...store.list('Workload')],
      localQueues: [...store.list('LocalQueue')],
      clusterQueues: [...store.list('ClusterQueue')],
      controllerRevisions: [...store.list('ControllerRevision')],
      // A kind the dump holds none of is unknown, not empty: `kubectl get` of an empty kind cannot be
      // told from a kind not dumped, and a claim's class must never be called missing for want of it.
      ...presentKinds(store),
      now,
    },
    verdictFindings,
  );
  const gpuOperator = gpuOperatorStatus([...store.list('ClusterPolicy')], null);
  findings.push(...gpuOperatorFindings(clusterName, gpuOperator, null));
  const poolSizes = new Map<string, number>();
  for (const node of nodes) poolSizes.set(node.pool, (poolSizes.get(node.pool) ?? 0) + 1);
  const scopes = triageScope(findings, {
    clusters: [clusterName],
    poolSize: (_, pool) => poolSizes.get(pool) ?? null,
  });
  return {
    files,
    objects: contents.objects,
    rejected: contents.rejected,
    ignored: contents.ignored,
    cluster,
    findings,
    scopes,
    pools,
    blockedPods: blocked.map(blockedPodReport),
    dra: draInventory(contents.resourceSlices ?? [], contents.resourceClaims ?? [], null),
    gpuOperator,
    rollouts,
    ...(servingPath === undefined ? {} : { servingPath }),
    ...(kueue === undefined ? {} : { kueue }),
  };
}

/** The text report: the cluster summary (dumps), then the control-plane section (metrics). */
export function formatText(report: AnalyzeReport): string {
  const lines = report.cluster === undefined ? [] : clusterLines(report, report.cluster);
  if (report.pools !== undefined && report.pools.length > 0) {
    lines.push(`  GPU pools (${report.pools.length}):`);
    for (const pool of report.pools) {
      lines.push(`    ${printable(poolLine(pool))}`);
      for (const detail of poolDetailLines(pool)) lines.push(`      ${detail}`);
    }
  }
  if (report.blockedPods !== undefined) lines.push(...blockedPodLines(report.blockedPods));
  if (report.dra !== undefined) lines.push(...draLines(report.dra));
  if (report.gpuOperator !== undefined) lines.push(...gpuOperatorLines(report.gpuOperator));
  if (report.rollouts !== undefined && report.rollouts.length > 0) {
    lines.push(`  Rollouts not complete (${report.rollouts.length}):`);
    for (const r of report.rollouts) {
      const why = r.stuckReason === null ? r.message : `stuck: ${r.stuckReason} → ${r.recommendation.action}`;
      lines.push(`    ${printable(`${r.kind} ${r.namespace}/${r.name} ${progressText(r)}: ${why}`)}`);
    }
  }
  if (report.servingPath !== undefined) {
    const p = report.servingPath;
    lines.push(`  Serving path (Gateway API): ${p.status} — ${printable(p.summary)}`);
    for (const c of p.gatewayClasses) {
      if (c.status === 'HEALTHY') continue;
      const state = c.exists ? `not Accepted (${c.accepted?.reason ?? 'no status'})` : 'does not exist';
      lines.push(
        `    GatewayClass ${printable(c.name)} ${state}: Gateways ${printable(c.gateways.join(', '))}`,
      );
    }
    for (const r of p.routes) {
      if (r.status === 'HEALTHY') continue;
      const backends = r.backends
        .map(
          (b) =>
            `${b.ref.namespace}/${b.ref.name} ${b.grant.permitted === false ? 'not permitted (no ReferenceGrant)' : b.exists === false ? 'missing' : `${b.readyEndpoints ?? '?'} ready`}`,
        )
        .join(', ');
      lines.push(
        `    HTTPRoute ${printable(`${r.namespace}/${r.name}`)} ${r.status}: ${printable(backends)}`,
      );
    }
  }
  if (report.kueue !== undefined) {
    const k = report.kueue;
    lines.push(`  Kueue: ${k.status} — ${printable(k.summary)}`);
    for (const w of k.workloads) {
      lines.push(
        `    ${w.state} ${printable(`${w.namespace}/${w.name}`)} in ClusterQueue ${printable(w.clusterQueue ?? '?')}: ${printable(w.reason)}${w.position === null ? '' : ` (position ${w.position})`}`,
      );
    }
  }
  if (report.scopes !== undefined) lines.push(...scopeLines(report.scopes));
  if (report.findings !== undefined) lines.push(...findingLines(report.findings));
  if (report.controlPlane !== undefined) {
    if (lines.length > 0) lines.push('');
    lines.push(...formatControlPlaneText(report.controlPlane));
  }
  if (report.gpus !== undefined) {
    if (lines.length > 0) lines.push('');
    lines.push(...formatDcgmText(report.gpus));
  }
  if (report.rejected.length > 0) {
    const what =
      report.controlPlane === undefined && report.gpus === undefined
        ? 'object(s)'
        : report.cluster === undefined
          ? 'exposition line(s)'
          : 'object(s) or exposition line(s)';
    lines.push(`  Rejected ${report.rejected.length} malformed ${what}:`);
    for (const r of report.rejected.slice(0, 20)) lines.push(`    - ${printable(r)}`);
    if (report.rejected.length > 20) lines.push(`    … and ${report.rejected.length - 20} more`);
  }
  return `${lines.join('\n')}\n`;
}

const UNKNOWN_COUNT = '— (unknown)';

function clusterLines(report: AnalyzeReport, c: ClusterSummary): string[] {
  const pad = (s: string, n: number): string => s.padEnd(n);
  const lines = [
    `Cluster ${c.name} — offline analysis of ${report.files.length} file(s), ${report.objects} object(s)`,
    `  ${pad('Control plane', 15)}${pad(c.controlPlane.status, 15)}${c.controlPlane.summary}`,
    `  ${pad('Data plane', 15)}${pad(c.dataPlane.status, 15)}${c.dataPlane.summary}`,
    `  ${pad('Nodes', 15)}${c.nodes === null ? UNKNOWN_COUNT : `${c.nodes.ready}/${c.nodes.total} Ready, ${c.nodes.notReady} NotReady, ${c.nodes.unknown} Unknown, ${c.nodes.cordoned} cordoned`}`,
    `  ${pad('Pods', 15)}${c.pods === null ? UNKNOWN_COUNT : `${c.pods.total} total: ${c.pods.running} Running, ${c.pods.ready} Ready, ${c.pods.pending} Pending, ${c.pods.failed} Failed, ${c.pods.succeeded} Succeeded, ${c.pods.crashLooping} CrashLoopBackOff`}`,
    `  ${pad('GPUs', 15)}${c.gpus === null ? UNKNOWN_COUNT : `${c.gpus.allocated} allocated of ${c.gpus.allocatable} allocatable; ${c.gpus.pending} requested by unscheduled pods; ${c.gpus.unusable} on NotReady/cordoned nodes`}`,
    `  ${pad('Workloads', 15)}${c.workloads.deploymentsAvailable}/${c.workloads.deployments} deployments available; ${c.workloads.servicesWithoutEndpoints} of ${c.workloads.services} services without ready endpoints`,
  ];
  const ignored = Object.entries(report.ignored);
  if (ignored.length > 0)
    lines.push(`  Ignored kinds: ${ignored.map(([k, n]) => `${printable(k)} ×${n}`).join(', ')}`);
  return lines;
}

/** Findings shown in the text report before "… and N more" (JSON has them all). */
const MAX_FINDINGS_SHOWN = 15;

/** The impairing and unknown findings, worst first, each with its first next step. */
function findingLines(findings: readonly Finding[]): string[] {
  const shown = findings.filter((f) => f.severity !== 'INFO');
  if (shown.length === 0) return [];
  const lines = [`  Findings (${shown.length}, worst first):`];
  for (const f of shown.slice(0, MAX_FINDINGS_SHOWN)) {
    lines.push(`    ${f.severity.padEnd(9)}${f.scope.padEnd(8)}${printable(f.title)}  [${f.rule}]`);
    const next = f.nextSteps[0];
    if (next !== undefined) lines.push(`${' '.repeat(21)}→ ${printable(next)}`);
  }
  if (shown.length > MAX_FINDINGS_SHOWN)
    lines.push(`    … and ${shown.length - MAX_FINDINGS_SHOWN} more (--format json lists all)`);
  return lines;
}

/** The scope findings, widest first: how wide each problem is, before its single findings. */
function scopeLines(scopes: readonly Finding[]): string[] {
  if (scopes.length === 0) return [];
  const lines = [`  Scope (${scopes.length}, widest first):`];
  for (const f of scopes.slice(0, MAX_FINDINGS_SHOWN)) {
    lines.push(`    ${f.severity.padEnd(9)}${printable(f.title)}`);
  }
  if (scopes.length > MAX_FINDINGS_SHOWN) lines.push(`    … and ${scopes.length - MAX_FINDINGS_SHOWN} more`);
  return lines;
}

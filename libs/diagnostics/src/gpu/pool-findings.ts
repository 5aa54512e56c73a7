import type { Finding } from '@fleetscope/types';
import { podAttributes } from '../pods/pod-findings.ts';
import { parseSchedulerMessage } from '../pods/scheduler-message.ts';
import { makeFinding } from '../verdict/finding.ts';
import { nameList } from '../verdict/text.ts';
import type { PendingFit, PoolInventory } from './pools.ts';

/** Not-usable reasons that say something failed rather than is still in progress. */
function stuck(reason: string): boolean {
  return /CrashLoopBackOff|Error|ImagePull|failed/i.test(reason);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/**
 * Findings of a cluster's GPU pools: mixed driver versions in a pool, GPU nodes not usable yet
 * (with why), and pending GPU pods that fragmentation — not capacity — keeps from starting, with
 * the fewest moves that would make room. None of them moves a plane's status by itself: capacity
 * is not ill health; the workloads they hold back carry that.
 */
export function gpuPoolFindings(
  cluster: string,
  pools: readonly PoolInventory[],
  pending: readonly PendingFit[],
  observedAt: number | null,
): Finding[] {
  const out: Finding[] = [];
  for (const pool of pools) {
    const poolAttrs = { pool: pool.pool, ...(pool.sku === '' ? {} : { gpuProduct: pool.sku }) };
    if (pool.driverVersions.length > 1) {
      const versions = pool.driverVersions.map((d) => `${d.version} on ${d.nodes}`).join(', ');
      out.push(
        makeFinding(cluster, {
          rule: 'pool.mixed-drivers',
          scope: 'POOL',
          plane: 'DATA',
          status: null,
          severity: 'WARNING',
          subjects: [{ kind: 'Pool', namespace: null, name: pool.pool }],
          attributes: poolAttrs,
          title: `pool ${pool.pool} runs ${pool.driverVersions.length} driver versions (${versions})`,
          detail:
            'Nodes of one pool should run one driver: a job can behave differently depending on where it lands, and a rollout may be half done.',
          evidence: pool.driverVersions.map((d) => ({
            signal: 'nvidia.com/cuda.driver-version',
            value: `${d.version}: ${d.nodes} node${d.nodes === 1 ? '' : 's'}`,
            source: 'node labels (GPU Feature Discovery)',
            observedAt: null,
          })),
          nextSteps: [
            `kubectl get nodes -l ${pool.pool === '' ? 'nvidia.com/gpu.present=true' : `<pool label>=${pool.pool}`} -L nvidia.com/cuda.driver-version.full`,
            'Finish or roll back the driver rollout (GPU Operator driver daemonset, node image)',
          ],
          observedAt,
        }),
      );
    }
    for (const node of pool.notUsableYet) {
      out.push(
        makeFinding(cluster, {
          rule: 'node.gpu-not-usable',
          scope: 'NODE',
          plane: 'DATA',
          status: null,
          // A node on its way (launched, validating, MIG reconfiguring) is information; one whose
          // validation or reconfiguration is failing is a problem to act on.
          severity: stuck(node.reason) ? 'WARNING' : 'INFO',
          subjects: [{ kind: 'Node', namespace: null, name: node.node }],
          attributes: { ...poolAttrs, ...node.attributes, reason: node.reason },
          title: `node ${node.node}: GPUs not usable yet — ${node.reason}`,
          detail: 'Its GPUs exist but cannot take pods yet: capacity on its way (or stuck), not missing.',
          evidence: [
            {
              signal: 'GPU readiness',
              value: node.reason,
              source: 'node labels and operator pods',
              observedAt: null,
            },
          ],
          nextSteps: [
            `kubectl describe node ${node.node}`,
            `kubectl get pods -A -o wide --field-selector spec.nodeName=${node.node} | grep -i nvidia`,
          ],
          observedAt,
        }),
      );
    }
    for (const node of pool.unhealthyGpus) {
      const missing = node.capacity - node.allocatable;
      out.push(
        makeFinding(cluster, {
          rule: 'node.gpu-unhealthy',
          scope: 'NODE',
          plane: 'DATA',
          status: null,
          severity: 'WARNING',
          subjects: [{ kind: 'Node', namespace: null, name: node.node }],
          attributes: { ...poolAttrs, ...node.attributes },
          title: `node ${node.node}: ${missing} of ${node.capacity} GPUs unhealthy (allocatable ${node.allocatable} of capacity ${node.capacity})`,
          detail:
            'The device plugin reports these GPUs unhealthy, so the kubelet no longer offers them: typically an XID error such as 79 (GPU fallen off the bus) or 48 (double-bit ECC). Pods already on them may be failing; new pods land on the healthy ones.',
          evidence: [
            {
              signal: 'nvidia.com/gpu capacity − allocatable',
              value: `${node.capacity} − ${node.allocatable} = ${missing}`,
              source: 'node status (kubelet device manager)',
              observedAt: null,
            },
          ],
          nextSteps: [
            `kubectl describe node ${node.node} (Capacity vs Allocatable)`,
            `kubectl logs -n gpu-operator -l app=nvidia-device-plugin-daemonset --field-selector spec.nodeName=${node.node}`,
            'Check the node kernel log for NVRM Xid lines (nvidia-smi -q on the node); cordon it and plan a GPU reset or hardware ticket',
          ],
          observedAt,
        }),
      );
    }
  }
  for (const fit of pending) {
    const disagreement = schedulerDisagrees(fit);
    if (disagreement !== null) {
      const { pod } = fit;
      out.push(
        makeFinding(cluster, {
          rule: 'pod.fit-disagreement',
          scope: 'POD',
          plane: 'DATA',
          status: null,
          severity: 'WARNING',
          subjects: [{ kind: 'Pod', namespace: pod.namespace, name: pod.name }],
          attributes: {
            ...podAttributes(pod, undefined),
            resource: fit.resource,
            gpuRequest: String(fit.request),
          },
          title: `pod ${pod.namespace}/${pod.name}: the scheduler says "${disagreement}", but ${fit.verdict.fittingNodes.length} node${fit.verdict.fittingNodes.length === 1 ? '' : 's'} (${nameList(fit.verdict.fittingNodes, 3)}) show ${fit.request} free ${fit.resource} by allocatable − requests`,
          detail:
            'What the node advertises and what the device plugin can hand out disagree: allocatable may be stale, a device unhealthy, or pods not yet accounted for.',
          evidence: [
            {
              signal: 'kube-scheduler',
              value: pod.unschedulableMessage,
              source: 'PodScheduled condition',
              observedAt: null,
            },
            {
              signal: 'fleetscope fit check',
              value: fit.explanation,
              source: 'allocatable − requests of bound pods',
              observedAt: null,
            },
          ],
          nextSteps: [
            `kubectl describe node ${fit.verdict.fittingNodes[0] ?? '<node>'} (Allocatable vs Allocated resources)`,
            'Check the device plugin pod and its logs on that node (unhealthy devices, XIDs)',
          ],
          observedAt,
        }),
      );
    }
    if (!fit.verdict.blockedByFragmentation) continue;
    const { pod } = fit;
    const moves = fit.verdict.moves;
    const moveText =
      moves === null
        ? 'no single move makes room'
        : `moving ${nameList(
            moves.pods.map((m) => `${m.key} → ${m.to}`),
            3,
          )} frees ${fit.request} on ${moves.node}`;
    out.push(
      makeFinding(cluster, {
        rule: 'pod.blocked-by-fragmentation',
        scope: 'POD',
        plane: 'DATA',
        status: null,
        severity: 'WARNING',
        subjects: [{ kind: 'Pod', namespace: pod.namespace, name: pod.name }],
        attributes: {
          ...podAttributes(pod, undefined),
          resource: fit.resource,
          gpuRequest: String(fit.request),
        },
        title: `pod ${pod.namespace}/${pod.name} needs ${fit.request} ${fit.resource} on one node; enough are free, but spread out (largest ${fit.largest.free}${fit.largest.node === null ? '' : ` on ${fit.largest.node}`}): ${moveText}`,
        detail:
          'GPU fit is per node: free GPUs on several nodes do not add up for a single-node request. Fragmentation, not capacity, holds it back.',
        evidence: [
          {
            signal: `free ${fit.resource} per node`,
            value: fit.explanation,
            threshold: `${fit.request} on one node`,
            source: 'fleetscope fit check (allocatable − requests of bound pods)',
            observedAt: null,
          },
        ],
        nextSteps:
          moves === null
            ? [
                'Drain a lightly used node of the pool, or add a node',
                'Consider a bin-packing scheduler profile (MostAllocated)',
              ]
            : [
                `Reschedule ${moves.pods.map((m) => m.key).join(', ')} (delete the pods; their controllers recreate them)`,
                'Consider a bin-packing scheduler profile (MostAllocated)',
              ],
        observedAt,
      }),
    );
  }
  return out;
}

/**
 * The scheduler's reason that contradicts our count: it says the resource is insufficient on as
 * many nodes as pass every other filter, while some of those have room by our count (stale
 * allocatable, an unhealthy device, a device plugin that has not caught up).
 */
function schedulerDisagrees(fit: PendingFit): string | null {
  if (!fit.verdict.fits || fit.pod.unschedulableMessage === '') return null;
  const parsed = parseSchedulerMessage(fit.pod.unschedulableMessage);
  const insufficient = parsed.reasons.find(
    (r) => r.section === 'filter' && r.plugin === 'NodeResourcesFit' && r.resource === fit.resource,
  );
  if (insufficient === undefined) return null;
  // The scheduler counted at least as many nodes short of the resource as pass every other filter
  // by our check: it found none with room where we find some.
  if ((insufficient.count ?? 0) < fit.candidates) return null;
  return `${insufficient.count ?? ''} ${insufficient.reason}`.trim();
}

/** One line per pool for reports: "h100: 8 nodes (8 usable), 64 nvidia.com/gpu, 20 free, Frag₄ 25%". */
export function poolLine(pool: PoolInventory): string {
  const whole = pool.resources[0];
  const capacity =
    whole === undefined
      ? 'no GPU resources'
      : `${whole.allocatable} ${whole.resource} usable, ${whole.requested} requested, ${whole.free} free (largest ${whole.fragmentation.largestPlaceable.size} on one node, ${percent(whole.fragmentation.expected)} expected fragmentation)`;
  const notUsable = pool.notUsableYet.length === 0 ? '' : `; ${pool.notUsableYet.length} not usable yet`;
  const drivers = pool.driverVersions.map((d) => d.version).join('/');
  return `${pool.pool}: ${pool.sku || 'unknown SKU'}, ${pool.nodes.usable}/${pool.nodes.total} nodes usable${notUsable}; ${capacity}; sharing ${pool.sharing.mode}${drivers === '' ? '' : `; driver ${drivers}`}`;
}

import type { Evidence, PlaneHealth, ResourceFreshness, WatchedResource } from '@fleetscope/types';
import { freshnessByResource, freshnessProblem, lastHeardAt } from '../control-plane/freshness.ts';
import { isoOrNull, plural } from '../verdict/text.ts';
import type { StatusThresholds } from '../verdict/thresholds.ts';
import { crashLoopNames, deploymentNames, nodeNames, objectKey, serviceNames } from './offenders.ts';
import type { ClusterTally } from './tally.ts';

export interface DataPlaneInput {
  freshness: readonly ResourceFreshness[];
  now: number;
  mode: 'live' | 'offline';
}

/** Where each piece of evidence came from and how new it is. */
interface Provenance {
  source(resource: WatchedResource): string;
  observedAt(resource: WatchedResource): string | null;
  /** Why a resource's data cannot be used; null when it can (always null offline). */
  problem(resource: WatchedResource): string | null;
}

function provenance(input: DataPlaneInput, staleAfterMs: number): Provenance {
  if (input.mode === 'offline') {
    const at = isoOrNull(input.now);
    return { source: (r) => `snapshot: ${r}`, observedAt: () => at, problem: () => null };
  }
  const byResource = freshnessByResource(input.freshness);
  return {
    source: (r) => `kubernetes watch: ${r}`,
    observedAt: (r) => {
      const f = byResource.get(r);
      return f === undefined ? null : isoOrNull(lastHeardAt(f));
    },
    problem: (r) => freshnessProblem(r, byResource.get(r), input.now, staleAfterMs),
  };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/**
 * Serving (data-plane) verdict from a cluster's tally.
 * - UNKNOWN when node or pod data is missing, stale or forbidden (never HEALTHY on missing data),
 *   or when an offline snapshot has no nodes.
 * - DOWN when no node is Ready, or more than `downUnavailableDeploymentShare` of serving
 *   Deployments (replicas > 0) have no available replica.
 * - DEGRADED when a node is NotReady/Unknown, a Deployment is below its replicas, a Service has no
 *   ready endpoint, or a pod is in CrashLoopBackOff.
 * - HEALTHY otherwise.
 * Checks that depend on deployments, services or endpointslices are skipped when that data is not
 * fresh (an unwatched EndpointSlice must not read as "no endpoints"); a verdict that would be
 * HEALTHY with a check skipped is UNKNOWN instead.
 */
export function judgeDataPlane(
  tally: ClusterTally,
  input: DataPlaneInput,
  thresholds: StatusThresholds,
): PlaneHealth {
  const max = thresholds.maxNamesPerKind;
  const from = provenance(input, thresholds.staleAfterMs);
  const { nodes, workloads } = tally;

  const deploymentsProblem = from.problem('deployments');
  const servicesProblem = from.problem('services') ?? from.problem('endpointslices');
  const notJudged: string[] = [];
  if (deploymentsProblem !== null) notJudged.push(`deployments not judged: ${deploymentsProblem}`);
  if (servicesProblem !== null) notJudged.push(`service endpoints not judged: ${servicesProblem}`);

  const evidence: Evidence[] = [
    {
      signal: 'nodes Ready',
      value: `${nodes.ready}/${nodes.total} Ready, ${nodes.notReady} NotReady, ${nodes.unknown} Unknown`,
      threshold: 'all Ready; DOWN when none',
      source: from.source('nodes'),
      observedAt: from.observedAt('nodes'),
    },
    {
      signal: 'pods in CrashLoopBackOff',
      value: String(tally.pods.crashLooping),
      threshold: '0',
      source: from.source('pods'),
      observedAt: from.observedAt('pods'),
    },
    {
      signal: 'deployments available',
      value:
        deploymentsProblem === null
          ? `${workloads.deploymentsAvailable}/${workloads.deployments} available`
          : `not judged: ${deploymentsProblem}`,
      threshold: 'availableReplicas >= replicas',
      source: from.source('deployments'),
      observedAt: from.observedAt('deployments'),
    },
    {
      signal: 'serving deployments with no available replica',
      value:
        deploymentsProblem === null
          ? `${tally.deploymentsNoneAvailable.length} of ${tally.servingDeployments}`
          : `not judged: ${deploymentsProblem}`,
      threshold: `DOWN above ${percent(thresholds.downUnavailableDeploymentShare)}`,
      source: from.source('deployments'),
      observedAt: from.observedAt('deployments'),
    },
    {
      signal: 'services without ready endpoints',
      value:
        servicesProblem === null
          ? `${workloads.servicesWithoutEndpoints} of ${tally.servicesWithSelector} with a selector`
          : `not judged: ${servicesProblem}`,
      threshold: '0',
      source: from.source('endpointslices'),
      observedAt: from.observedAt('endpointslices'),
    },
  ];

  const inputProblems = [from.problem('nodes'), from.problem('pods')].filter((p) => p !== null);
  if (inputProblems.length > 0) {
    return {
      status: 'UNKNOWN',
      summary: `serving health cannot be judged: ${inputProblems.join('; ')}`,
      evidence,
    };
  }
  if (input.mode === 'offline' && nodes.total === 0) {
    return { status: 'UNKNOWN', summary: 'snapshot has no nodes: serving health cannot be judged', evidence };
  }

  const down: string[] = [];
  const degraded: string[] = [];
  if (nodes.ready === 0) {
    down.push(nodes.total === 0 ? 'no nodes in the cluster' : `no node Ready (0 of ${nodes.total})`);
  } else {
    if (nodes.notReady > 0) {
      degraded.push(
        `${nodes.notReady} of ${nodes.total} nodes NotReady (${nodeNames(tally.notReadyNodes, max)})`,
      );
    }
    if (nodes.unknown > 0) {
      degraded.push(
        `${nodes.unknown} of ${nodes.total} nodes Unknown (${nodeNames(tally.unknownNodes, max)})`,
      );
    }
  }
  if (deploymentsProblem === null) {
    const none = tally.deploymentsNoneAvailable;
    const share = tally.servingDeployments === 0 ? 0 : none.length / tally.servingDeployments;
    if (share > thresholds.downUnavailableDeploymentShare) {
      down.push(
        `${none.length} of ${tally.servingDeployments} serving deployments have no available replica (${deploymentNames(none, max)})`,
      );
    } else if (tally.shortDeployments.length === 1 && tally.shortDeployments[0] !== undefined) {
      const d = tally.shortDeployments[0];
      degraded.push(`deployment ${objectKey(d)} ${Math.max(0, d.availableReplicas)}/${d.replicas} available`);
    } else if (tally.shortDeployments.length > 1) {
      degraded.push(
        `${tally.shortDeployments.length} of ${workloads.deployments} deployments below desired (${deploymentNames(tally.shortDeployments, max)})`,
      );
    }
  }
  if (servicesProblem === null) {
    const missing = tally.servicesWithoutEndpoints;
    if (missing.length === 1 && missing[0] !== undefined) {
      degraded.push(`service ${objectKey(missing[0])} has no ready endpoints`);
    } else if (missing.length > 1) {
      degraded.push(
        `${missing.length} of ${tally.servicesWithSelector} services without ready endpoints (${serviceNames(missing, max)})`,
      );
    }
  }
  const looping = tally.crashLoopingPods;
  if (looping.length > 0) {
    degraded.push(`${plural(looping.length, 'pod')} CrashLoopBackOff (${crashLoopNames(looping, max)})`);
  }
  const unready = tally.runningNotReadyPods;
  if (unready.length > 0) {
    degraded.push(`${plural(unready.length, 'pod')} Running but not Ready (${crashLoopNames(unready, max)})`);
  }
  // Cordoning is often deliberate (maintenance): said, but it does not change the status by itself.
  const cordoned = tally.cordonedNodes;
  const cordonNote =
    cordoned.length === 0
      ? []
      : [`${plural(cordoned.length, 'node')} cordoned (${nodeNames(cordoned, max)})`];

  if (down.length > 0) {
    return {
      status: 'DOWN',
      summary: [...down, ...degraded, ...cordonNote, ...notJudged].join('; '),
      evidence,
    };
  }
  if (degraded.length > 0) {
    return { status: 'DEGRADED', summary: [...degraded, ...cordonNote, ...notJudged].join('; '), evidence };
  }
  if (notJudged.length > 0) {
    return {
      status: 'UNKNOWN',
      summary: [`nodes and pods look healthy, but serving cannot be confirmed`, ...notJudged].join('; '),
      evidence,
    };
  }
  const healthy = [`${nodes.ready}/${plural(nodes.total, 'node')} Ready`];
  if (workloads.deployments > 0) {
    healthy.push(
      `${workloads.deploymentsAvailable}/${plural(workloads.deployments, 'deployment')} available`,
    );
  }
  if (tally.servicesWithSelector > 0) healthy.push('every service has ready endpoints');
  return { status: 'HEALTHY', summary: [...healthy, ...cordonNote].join('; '), evidence };
}

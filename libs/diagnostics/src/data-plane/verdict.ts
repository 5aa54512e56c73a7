import type { Evidence, Finding, ResourceFreshness } from '@fleetscope/types';
import { freshnessByResource, freshnessProblem, lastHeardAt } from '../control-plane/freshness.ts';
import type { PlaneJudgement } from '../control-plane/watch-verdict.ts';
import { impliedStatus } from '../verdict/finding.ts';
import { isoOrNull, nameList, plural } from '../verdict/text.ts';
import type { StatusThresholds } from '../verdict/thresholds.ts';
import { dataPlaneFindings, type Provenance, DATA_PLANE_RULES as R } from './findings.ts';
import type { ClusterTally } from './tally.ts';

export interface DataPlaneInput {
  /** The cluster judged: findings carry it in their ids. */
  cluster?: string;
  freshness: readonly ResourceFreshness[];
  now: number;
  mode: 'live' | 'offline';
}

function provenance(input: DataPlaneInput, staleAfterMs: number): Provenance {
  if (input.mode === 'offline') {
    return { source: (r) => `snapshot: ${r}`, observedAt: () => input.now, problem: () => null };
  }
  const byResource = freshnessByResource(input.freshness);
  return {
    source: (r) => `kubernetes watch: ${r}`,
    observedAt: (r) => {
      const f = byResource.get(r);
      return f === undefined ? null : lastHeardAt(f);
    },
    problem: (r) => freshnessProblem(r, byResource.get(r), input.now, staleAfterMs),
  };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/**
 * Serving (data-plane) verdict from a cluster's tally, composed from its findings
 * ({@link dataPlaneFindings}: one per offending node, deployment, service or pod, plus cluster-wide
 * ones):
 * - UNKNOWN when node or pod data is missing, stale or forbidden (never HEALTHY on missing data),
 *   or when an offline snapshot has no nodes.
 * - DOWN when no node is Ready, or more than `downUnavailableDeploymentShare` of serving
 *   Deployments (replicas > 0) have no available replica.
 * - DEGRADED when a node is NotReady/Unknown, a Deployment is below its replicas, a Service has no
 *   ready endpoint, or a pod is in CrashLoopBackOff or Running but not Ready.
 * - HEALTHY otherwise.
 * Checks that depend on deployments, services or endpointslices are skipped when that data is not
 * fresh (an unwatched EndpointSlice must not read as "no endpoints"); a verdict that would be
 * HEALTHY with a check skipped is UNKNOWN instead.
 */
export function judgeDataPlane(
  tally: ClusterTally,
  input: DataPlaneInput,
  thresholds: StatusThresholds,
): PlaneJudgement {
  const from = provenance(input, thresholds.staleAfterMs);
  const findings = dataPlaneFindings(input.cluster ?? '', tally, from, input.mode, thresholds);
  return {
    ...composeDataPlane(findings, tally, thresholds.maxNamesPerKind),
    evidence: planeEvidence(tally, from, thresholds),
    findings,
  };
}

function planeEvidence(tally: ClusterTally, from: Provenance, thresholds: StatusThresholds): Evidence[] {
  const { nodes, workloads } = tally;
  const deploymentsProblem = from.problem('deployments');
  const servicesProblem = from.problem('services') ?? from.problem('endpointslices');
  const item = (
    resource: Parameters<Provenance['source']>[0],
    rest: Omit<Evidence, 'source' | 'observedAt'>,
  ) => ({
    ...rest,
    source: from.source(resource),
    observedAt: isoOrNull(from.observedAt(resource)),
  });
  return [
    item('nodes', {
      signal: 'nodes Ready',
      value: `${nodes.ready}/${nodes.total} Ready, ${nodes.notReady} NotReady, ${nodes.unknown} Unknown`,
      threshold: 'all Ready; DOWN when none',
    }),
    item('pods', {
      signal: 'pods in CrashLoopBackOff',
      value: String(tally.pods.crashLooping),
      threshold: '0',
    }),
    item('deployments', {
      signal: 'deployments available',
      value:
        deploymentsProblem === null
          ? `${workloads.deploymentsAvailable}/${workloads.deployments} available`
          : `not judged: ${deploymentsProblem}`,
      threshold: 'availableReplicas >= replicas',
    }),
    item('deployments', {
      signal: 'serving deployments with no available replica',
      value:
        deploymentsProblem === null
          ? `${tally.deploymentsNoneAvailable.length} of ${tally.servingDeployments}`
          : `not judged: ${deploymentsProblem}`,
      threshold: `DOWN above ${percent(thresholds.downUnavailableDeploymentShare)}`,
    }),
    item('endpointslices', {
      signal: 'services without ready endpoints',
      value:
        servicesProblem === null
          ? `${workloads.servicesWithoutEndpoints} of ${tally.servicesWithSelector} with a selector`
          : `not judged: ${servicesProblem}`,
      threshold: '0',
    }),
  ];
}

/** "name" of a finding's first subject as the verdict lists it ("ns/name" for namespaced objects). */
function label(f: Finding): string {
  const s = f.subjects[0];
  if (s === undefined) return f.title;
  const key = s.namespace === null ? s.name : `${s.namespace}/${s.name}`;
  if (s.kind !== 'Deployment') return key;
  return `${key} ${f.attributes.available ?? '?'}/${f.attributes.replicas ?? '?'}`;
}

/**
 * The one place the data-plane sentence is written: findings grouped by rule, each group told
 * with its count against the cluster's totals and its worst offenders named.
 */
export function composeDataPlane(
  findings: readonly Finding[],
  tally: ClusterTally,
  max: number,
): { status: PlaneJudgement['status']; summary: string } {
  const of = (...rules: string[]): Finding[] => findings.filter((f) => rules.includes(f.rule));
  const names = (list: readonly Finding[]): string => nameList(list.map(label), max);
  const status = impliedStatus(findings) ?? 'HEALTHY';

  const unusable = of(R.inputUnusable);
  if (unusable.length > 0) {
    return { status, summary: `serving health cannot be judged: ${unusable.map((f) => f.title).join('; ')}` };
  }
  const empty = of(R.snapshotEmpty)[0];
  if (empty !== undefined) return { status, summary: empty.title };

  const { nodes } = tally;
  const down = of(R.noReadyNode, R.servingDown).map((f) =>
    f.rule === R.servingDown ? `${f.title} (${names(of(R.deploymentUnavailable))})` : f.title,
  );
  const degraded: string[] = [];
  for (const [rule, word] of [
    [R.nodeNotReady, 'NotReady'],
    [R.nodeUnknown, 'Unknown'],
  ] as const) {
    const list = of(rule);
    if (list.length > 0) degraded.push(`${list.length} of ${nodes.total} nodes ${word} (${names(list)})`);
  }
  const short = of(R.deploymentUnavailable, R.deploymentBelowDesired);
  if (of(R.servingDown).length === 0) {
    if (short.length === 1 && short[0] !== undefined) degraded.push(short[0].title);
    else if (short.length > 1) {
      degraded.push(
        `${short.length} of ${tally.workloads.deployments} deployments below desired (${names(short)})`,
      );
    }
  }
  const services = of(R.serviceNoEndpoints);
  if (services.length === 1 && services[0] !== undefined) degraded.push(services[0].title);
  else if (services.length > 1) {
    degraded.push(
      `${services.length} of ${tally.servicesWithSelector} services without ready endpoints (${names(services)})`,
    );
  }
  const looping = of(R.podCrashLoop);
  if (looping.length > 0)
    degraded.push(`${plural(looping.length, 'pod')} CrashLoopBackOff (${names(looping)})`);
  const unready = of(R.podNotReady);
  if (unready.length > 0)
    degraded.push(`${plural(unready.length, 'pod')} Running but not Ready (${names(unready)})`);
  const cordoned = of(R.nodeCordoned);
  const cordonNote =
    cordoned.length === 0 ? [] : [`${plural(cordoned.length, 'node')} cordoned (${names(cordoned)})`];
  const notJudged = of(R.notJudged).map((f) => f.title);

  if (down.length > 0)
    return { status, summary: [...down, ...degraded, ...cordonNote, ...notJudged].join('; ') };
  if (degraded.length > 0) return { status, summary: [...degraded, ...cordonNote, ...notJudged].join('; ') };
  if (notJudged.length > 0) {
    return {
      status,
      summary: ['nodes and pods look healthy, but serving cannot be confirmed', ...notJudged].join('; '),
    };
  }
  const healthy = [`${nodes.ready}/${plural(nodes.total, 'node')} Ready`];
  if (tally.workloads.deployments > 0) {
    healthy.push(
      `${tally.workloads.deploymentsAvailable}/${plural(tally.workloads.deployments, 'deployment')} available`,
    );
  }
  if (tally.servicesWithSelector > 0) healthy.push('every service has ready endpoints');
  return { status, summary: [...healthy, ...cordonNote].join('; ') };
}

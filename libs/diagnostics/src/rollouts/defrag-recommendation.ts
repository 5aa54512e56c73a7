import type { DefragProposal } from '../gpu/defrag.ts';
import type { BlockedGpuPod } from '../gpu/defrag-blocked.ts';
import { POD_TROUBLES } from '../pods/classify.ts';
import type { RolloutStatus } from './deployment-rollout.ts';

/** A defragmentation proposal for one pending pod (as `blockedGpuPods` makes it), by the pod's name. */
export interface PodDefragProposal {
  namespace: string;
  name: string;
  proposal: Pick<
    DefragProposal,
    'outcome' | 'targetNode' | 'moves' | 'drainNode' | 'podsDisrupted' | 'exact'
  >;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "free room by moving 1 pod (ml/tune-2gpu-0 from gpu-4 to gpu-5) so … fits on gpu-4". */
function freeRoom(pod: string, p: PodDefragProposal['proposal']): string {
  const caveat = p.exact ? '' : ' (a greedy proposal: the exact search ran out of budget)';
  const target = p.targetNode === null ? '' : ` on ${p.targetNode}`;
  if (p.drainNode !== null) {
    return `free room by draining ${p.drainNode} (${plural(p.podsDisrupted, 'pod')} to other nodes) so ${pod} fits there${caveat}`;
  }
  const moves = p.moves.map((m) => `${m.pod} from ${m.fromNode} to ${m.toNode}`).join(', ');
  return `free room by moving ${plural(p.moves.length, 'pod')} (${moves}) so ${pod} fits${target}${caveat}`;
}

/**
 * A rollout whose new pods cannot be scheduled is told to "fix capacity"; when GPU fragmentation, not
 * capacity, is what blocks them — enough is free in total, none on one node — the defragmentation
 * proposal is the better advice: name its moves (or the node to drain). Pure: the proposals are made
 * elsewhere (gpu/defrag.ts, on demand) and passed in. Any other recommendation is returned unchanged,
 * as is "fix capacity" when no proposal of moves exists for a blocking pod.
 */
export function recommendWithDefrag(
  rollout: Pick<RolloutStatus, 'namespace' | 'recommendation' | 'blockingPods'>,
  proposals: readonly PodDefragProposal[],
): RolloutStatus['recommendation'] {
  if (rollout.recommendation.action !== 'fix capacity') return rollout.recommendation;
  const helped = rollout.blockingPods.flatMap((b) => {
    if (b.rule !== POD_TROUBLES.unschedulable) return [];
    const found = proposals.find(
      (p) => p.namespace === b.namespace && p.name === b.name && p.proposal.outcome === 'moves',
    );
    return found === undefined ? [] : [found];
  });
  const first = helped[0];
  if (first === undefined) return rollout.recommendation;
  const others =
    helped.length > 1
      ? `; ${plural(helped.length - 1, 'other new pod')} blocked the same way (Cluster.gpuBlockedPods)`
      : '';
  return {
    action: 'free room',
    reason: `GPU fragmentation, not capacity, blocks the new pods: ${freeRoom(`${first.namespace}/${first.name}`, first.proposal)}${others}`,
  };
}

/** {@link recommendWithDefrag} applied to the rollout: the same object when its advice does not change. */
export function withDefragAdvice(
  rollout: RolloutStatus,
  proposals: readonly PodDefragProposal[],
): RolloutStatus {
  const recommendation = recommendWithDefrag(rollout, proposals);
  return recommendation === rollout.recommendation ? rollout : { ...rollout, recommendation };
}

/** The proposals of `blockedGpuPods` by pod, in the shape {@link recommendWithDefrag} reads. */
export function podDefragProposals(blocked: readonly BlockedGpuPod[]): PodDefragProposal[] {
  return blocked.map((b) => ({ namespace: b.pod.namespace, name: b.pod.name, proposal: b.suggestion }));
}

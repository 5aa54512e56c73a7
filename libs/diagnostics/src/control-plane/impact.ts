import type { HealthStatus, Impact, Verdict } from '@fleetscope/types';
import { STATUS_SEVERITY } from '../verdict/status.ts';

/** The parts of a control-plane verdict, in the order their impact is told (writes matter most). */
export const CONTROL_PLANE_PARTS = [
  'write',
  'admission',
  'read',
  'watch',
  'etcd',
  'scheduler',
  'controllers',
] as const;
export type ControlPlanePart = (typeof CONTROL_PLANE_PARTS)[number];

const KEEPS_SERVING = 'existing pods keep serving.';

function reasons(v: Verdict): string {
  return v.summary.replace(/^critical: /, '');
}

function word(status: HealthStatus): string {
  return status === 'DOWN' ? 'DOWN' : 'degraded';
}

/** What one impaired part means, operations path first, and what keeps working. */
function clause(
  part: ControlPlanePart,
  v: Verdict,
  stuckQueues: readonly string[],
  userQueues: readonly string[],
): string {
  const down = v.status === 'DOWN';
  const fail = down ? 'fail' : 'may fail';
  const head = `${reasons(v)}.`;
  switch (part) {
    case 'write':
      return `Writes ${word(v.status)}: ${head} Deploys, scaling, status updates and leader-election renewals ${fail}; ${KEEPS_SERVING}`;
    case 'admission':
      if (!down && /failing open/.test(v.summary) && !/slow|timing out|internal_error/.test(v.summary)) {
        return `Admission degraded: ${head} Changes are admitted without that policy; ${KEEPS_SERVING}`;
      }
      return `Admission ${word(v.status)}: ${head} Deploys and scaling ${fail}; ${KEEPS_SERVING}`;
    case 'read':
      return `Read path ${word(v.status)}: ${head} kubectl, controllers and operators ${down ? 'cannot read cluster state' : 'may be throttled or time out'}; ${KEEPS_SERVING}`;
    case 'watch':
      return `Watch path ${word(v.status)}: ${head} Controllers may lag and endpoints may go stale; ${KEEPS_SERVING}`;
    case 'etcd':
      return `etcd ${word(v.status)}: ${head} Writes may slow down or fail; ${KEEPS_SERVING}`;
    case 'scheduler':
      return `Scheduler ${word(v.status)}: ${head} New pods ${down ? 'stay Pending' : 'may be placed late'}; ${KEEPS_SERVING}`;
    case 'controllers': {
      const userFacing = stuckQueues.some((q) => userQueues.includes(q));
      const effect = userFacing
        ? 'Rollouts and scaling lag, and Services may route to gone pods or miss new ones'
        : 'Rollouts, scaling and node-failure handling lag';
      return `Controllers ${word(v.status)}: ${head} ${effect}; ${userFacing ? 'other existing pods keep serving.' : KEEPS_SERVING}`;
    }
  }
}

/**
 * The impact statement: the worst part (ties broken by {@link CONTROL_PLANE_PARTS} order) told
 * as "what fails, what keeps working", the other impaired parts and unknown parts named after it.
 * Control-plane faults impair the operations path; only a stuck endpointslice controller reaches
 * the user path (Services routing to pods that are gone).
 */
export function impactOf(
  parts: Record<ControlPlanePart, Verdict>,
  stuckQueues: readonly string[],
  userQueues: readonly string[],
): Impact {
  const impaired = CONTROL_PLANE_PARTS.filter(
    (p) => parts[p].status === 'DOWN' || parts[p].status === 'DEGRADED',
  )
    .slice()
    .sort((a, b) => STATUS_SEVERITY[parts[b].status] - STATUS_SEVERITY[parts[a].status]);
  const unknown = CONTROL_PLANE_PARTS.filter((p) => parts[p].status === 'UNKNOWN');
  const notObservable = CONTROL_PLANE_PARTS.filter(
    (p) => parts[p].status === 'NOT_APPLICABLE' && parts[p].summary.includes('not observable'),
  );
  // Saying what cannot be seen keeps "no impact" honest on managed control planes.
  const blindNote = notObservable.length === 0 ? '' : ` ${notObservable.join(', ')}: not observable here.`;
  const unknownNote = (unknown.length === 0 ? '' : ` Unknown: ${unknown.join(', ')}.`) + blindNote;
  const lead = impaired[0];
  if (lead === undefined) {
    if (unknown.length === CONTROL_PLANE_PARTS.filter((p) => parts[p].status !== 'NOT_APPLICABLE').length) {
      const first = unknown[0];
      const why = first === undefined ? '' : `: ${parts[first].summary.replace(/^no usable input: /, '')}`;
      return { operationsPath: false, userPath: false, statement: `Impact unknown${why}.` };
    }
    if (unknown.length === 0) {
      return {
        operationsPath: false,
        userPath: false,
        statement: `No impact seen: control-plane paths within bounds.${blindNote}`,
      };
    }
    const healthy = CONTROL_PLANE_PARTS.filter((p) => parts[p].status === 'HEALTHY');
    const first = unknown[0];
    const why = first === undefined ? '' : ` (${parts[first].summary.replace(/^no usable input: /, '')})`;
    return {
      operationsPath: false,
      userPath: false,
      statement: `No impact seen on ${healthy.join(', ')}; unknown: ${unknown.join(', ')}${why}.`,
    };
  }
  const others = impaired.slice(1).map((p) => `${p} ${parts[p].status}`);
  const also = others.length === 0 ? '' : ` Also: ${others.join(', ')}.`;
  // Stuck endpoint/node controllers threaten users' traffic (stale endpoints) only when they are the
  // problem. When writes or etcd lead, stuck queues are a symptom of that, and existing endpoints keep
  // serving: the statement already says what fails.
  const userPath =
    lead === 'controllers' &&
    (parts.controllers.status === 'DEGRADED' || parts.controllers.status === 'DOWN') &&
    stuckQueues.some((q) => userQueues.includes(q));
  return {
    operationsPath: true,
    userPath,
    statement: `${clause(lead, parts[lead], stuckQueues, userQueues)}${also}${unknownNote}`,
  };
}

/**
 * kube-scheduler's "unschedulable" message (the PodScheduled=False condition and the FailedScheduling
 * event) parsed into a histogram of reasons, with the plugin that produced each. Every wording in
 * shared/reference/workload-diagnostics.md is accepted, including historical ones; a reason this
 * module does not know (a third-party scheduler's) is kept verbatim with `plugin: null`.
 */

/** Which scheduling phase rejected the nodes. */
export type SchedulerSection = 'prefilter' | 'filter' | 'postfilter';

export interface SchedulerReason {
  section: SchedulerSection;
  /** Nodes that gave this reason; null where the scheduler gives no count (PreFilter, some PostFilter texts). */
  count: number | null;
  /** As the scheduler wrote it. */
  reason: string;
  /** The kube-scheduler plugin behind the reason (NodeResourcesFit, TaintToleration, …); null when unknown. */
  plugin: string | null;
  /** For "Insufficient <r>" and "Too many pods": the resource; otherwise null. */
  resource: string | null;
}

export interface SchedulerMessage {
  /** N in "0/N nodes are available"; null when the message does not say. */
  nodesTotal: number | null;
  reasons: SchedulerReason[];
}

interface Known {
  pattern: RegExp;
  plugin: string;
}

// Matched against one reason, case-insensitively; the first match names the plugin.
const KNOWN: readonly Known[] = [
  { pattern: /^(too many pods|insufficient \S+)$/i, plugin: 'NodeResourcesFit' },
  {
    pattern:
      /^node\(s\) had (untolerated taint|taints? .*that the pod didn't tolerate|taint \{.*\}, that the pod didn't tolerate)/i,
    plugin: 'TaintToleration',
  },
  {
    pattern:
      /^(node\(s\) didn't match (pod's node affinity\/selector|scheduler-enforced node affinity|node selector)|pod affinity terms conflict)/i,
    plugin: 'NodeAffinity',
  },
  { pattern: /^node\(s\) didn't match the requested node name/i, plugin: 'NodeName' },
  { pattern: /^node\(s\) didn't have free ports/i, plugin: 'NodePorts' },
  { pattern: /^node\(s\) (were unschedulable|had unknown conditions)/i, plugin: 'NodeUnschedulable' },
  {
    pattern:
      /^node\(s\) didn't (satisfy existing pods anti-affinity rules|match pod affinity rules|match pod anti-affinity rules|match pod affinity\/anti-affinity)/i,
    plugin: 'InterPodAffinity',
  },
  { pattern: /^node\(s\) didn't match pod topology spread constraints/i, plugin: 'PodTopologySpread' },
  {
    pattern:
      /^(pod has unbound immediate persistentvolumeclaims|persistentvolumeclaim ".*" (not found|bound to non-existent persistentvolume ".*"|is being deleted)|waiting for ephemeral volume controller to create the persistentvolumeclaim|node\(s\) (didn't find available persistent volumes to bind|had volume node affinity conflict|didn't match persistentvolume's node affinity|did not have enough free storage|unavailable due to one or more pvc\(s\) bound to non-existent pv\(s\)))/i,
    plugin: 'VolumeBinding',
  },
  {
    pattern:
      /^(node\(s\) had no available disk|node has pod using persistentvolumeclaim with the same name and readwriteoncepod)/i,
    plugin: 'VolumeRestrictions',
  },
  { pattern: /^node\(s\) had no available volume zone/i, plugin: 'VolumeZone' },
  { pattern: /^node\(s\) exceed max volume count/i, plugin: 'NodeVolumeLimits' },
  {
    pattern:
      /^(cannot allocate all claims|resourceclaim not available on the node|resourceclaim in use|resourceclaim must be reallocated|request \S+: device class \S+ does not exist|resourceclaim ".*" is being deleted|no new claims to deallocate)/i,
    plugin: 'DynamicResources',
  },
  {
    pattern:
      /^(preemption is not helpful for scheduling|no preemption victims found for incoming pod|no candidate node for preemption|not eligible due to preemptionpolicy=never)/i,
    plugin: 'DefaultPreemption',
  },
  // Predicate names of the oldest schedulers ("fit failure summary on nodes : PodToleratesNodeTaints (1)").
  { pattern: /^PodToleratesNodeTaints$/i, plugin: 'TaintToleration' },
  { pattern: /^(MatchNodeSelector|NodeAffinity)$/i, plugin: 'NodeAffinity' },
  { pattern: /^(PodFitsHostPorts|PodFitsPorts)$/i, plugin: 'NodePorts' },
  { pattern: /^(PodFitsResources|GeneralPredicates)$/i, plugin: 'NodeResourcesFit' },
  { pattern: /^MatchInterPodAffinity$/i, plugin: 'InterPodAffinity' },
  { pattern: /^(NoVolumeZoneConflict)$/i, plugin: 'VolumeZone' },
  { pattern: /^CheckNodeUnschedulable$/i, plugin: 'NodeUnschedulable' },
];

function classify(section: SchedulerSection, count: number | null, raw: string): SchedulerReason {
  const reason = raw.trim();
  const plugin = KNOWN.find((k) => k.pattern.test(reason))?.plugin ?? null;
  let resource: string | null = null;
  if (plugin === 'NodeResourcesFit') {
    const insufficient = /^insufficient (\S+)$/i.exec(reason);
    resource = insufficient?.[1] ?? (/^too many pods$/i.test(reason) ? 'pods' : null);
  }
  return { section, count, reason, plugin, resource };
}

const NODES_AVAILABLE = /^0\/(\d+) nodes are available\b:?\s*/i;

/**
 * A histogram "3 Insufficient cpu, 2 node(s) had untolerated taint {a: b}." up to its final period.
 * Entries are split only where ", " is followed by a count: the oldest taint wording contains ", ".
 * Returns the reasons and whatever follows the histogram's final period.
 */
function histogram(text: string, section: SchedulerSection): { reasons: SchedulerReason[]; rest: string } {
  const reasons: SchedulerReason[] = [];
  let rest = text;
  for (;;) {
    const entry = /^(\d+) (.*?)(, (?=\d+ )|\.{1,2}(?=\s|$)|$)/s.exec(rest);
    if (entry === null) break;
    reasons.push(classify(section, Number(entry[1]), entry[2] ?? ''));
    rest = rest.slice(entry[0].length);
    if (entry[3] !== ', ') break;
  }
  return { reasons, rest: rest.trim() };
}

/** A section without counts: its reason runs to the first ". " (or the end). */
function uncounted(text: string, section: SchedulerSection): { reasons: SchedulerReason[]; rest: string } {
  const match = /^(.*?)(\.{1,2}(?=\s|$)|$)/s.exec(text);
  const reason = (match?.[1] ?? text).trim();
  const rest = text.slice(match?.[0].length ?? text.length).trim();
  return { reasons: reason === '' ? [] : [classify(section, null, reason)], rest };
}

function section(text: string, name: SchedulerSection): { reasons: SchedulerReason[]; rest: string } {
  return /^\d+ /.test(text) ? histogram(text, name) : uncounted(text, name);
}

/** "Insufficient pods (2), PodToleratesNodeTaints (1)" of schedulers before v1.9. */
function legacy(text: string): SchedulerMessage | null {
  const match =
    /(?:fit failure summary on nodes\s*:|no nodes are available that match all of the following predicates:+)\s*(.*)$/is.exec(
      text,
    );
  if (match === null) return null;
  const reasons: SchedulerReason[] = [];
  for (const part of (match[1] ?? '').replace(/\.$/, '').split(/,\s*(?=[^,()]+\(\d+\))/)) {
    const entry = /^(.*?)\s*\((\d+)\)\s*$/.exec(part.trim());
    if (entry !== null) reasons.push(classify('filter', Number(entry[2]), entry[1] ?? ''));
    else if (part.trim() !== '') reasons.push(classify('filter', null, part));
  }
  return { nodesTotal: null, reasons };
}

/** True when the scheduler cut the message short (" ..." at the end): the last reason may be partial. */
export function isTruncatedSchedulerMessage(text: string): boolean {
  return /\s\.\.\.$/.test(text.trim());
}

/**
 * Parses a kube-scheduler unschedulable message:
 * - `0/N nodes are available: ` then a PreFilter rejection without counts, or a histogram of
 *   `<count> <reason>` (a node can give several reasons, so counts may sum to more than N);
 * - then, optionally, text before the PostFilter part (DRA's "no new claims to deallocate") and
 *   ` preemption: 0/N nodes are available: …` with its own histogram or phrase, ending in `.` or `..`;
 * - a message truncated with ` ...` keeps what it has;
 * - the pre-v1.9 "fit failure summary on nodes : Reason (n), …" form.
 * Never throws: text it cannot read becomes one reason with `plugin: null`.
 */
export function parseSchedulerMessage(text: string): SchedulerMessage {
  let message = text.replace(/\s+/g, ' ').trim();
  if (isTruncatedSchedulerMessage(message)) message = message.replace(/\s\.\.\.$/, '').trim();
  const old = legacy(message);
  if (old !== null) return old;
  if (/^no nodes available to schedule pods\.?$/i.test(message)) return { nodesTotal: 0, reasons: [] };

  // The PostFilter (preemption) part starts at the last "preemption: " that follows a separator.
  const post = /(^|[.,]\s*|\s)preemption:\s*/i.exec(message);
  const main = post === null ? message : message.slice(0, post.index + (post[1]?.startsWith('.') ? 1 : 0));
  const preemption = post === null ? null : message.slice(post.index + post[0].length);

  const reasons: SchedulerReason[] = [];
  let nodesTotal: number | null = null;
  const head = NODES_AVAILABLE.exec(main);
  let body = main;
  if (head !== null) {
    nodesTotal = Number(head[1]);
    body = main.slice(head[0].length);
  }
  if (body.trim() !== '' && body.trim() !== '.') {
    const filter = section(body, /^\d+ /.test(body) ? 'filter' : 'prefilter');
    reasons.push(...filter.reasons);
    // What is left before "preemption:" belongs to PostFilter (e.g. DRA's "no new claims to deallocate").
    const prelude = filter.rest.replace(/[,.]\s*$/, '').trim();
    if (prelude !== '') reasons.push(classify('postfilter', null, prelude));
  }
  if (preemption !== null) {
    const postHead = NODES_AVAILABLE.exec(preemption);
    if (postHead !== null) nodesTotal ??= Number(postHead[1]);
    const postBody = postHead === null ? preemption : preemption.slice(postHead[0].length);
    const parsed = section(postBody, 'postfilter');
    reasons.push(...parsed.reasons);
    if (parsed.rest !== '') reasons.push(classify('postfilter', null, parsed.rest.replace(/\.+$/, '')));
  }
  return { nodesTotal, reasons };
}

import { reasonPhrase } from './scheduler-explain.ts';
import type { SchedulerMessage, SchedulerReason } from './scheduler-message.ts';

/** The reason that rejected the most nodes (a PreFilter rejection first: it stopped everything). */
export function topReason(message: SchedulerMessage): SchedulerReason | null {
  const prefilter = message.reasons.find((r) => r.section === 'prefilter');
  if (prefilter !== undefined) return prefilter;
  let best: SchedulerReason | null = null;
  for (const r of message.reasons) {
    if (r.section !== 'filter') continue;
    if (best === null || (r.count ?? 0) > (best.count ?? 0)) best = r;
  }
  return best;
}

/** "33 of 36 nodes lack free nvidia.com/gpu (…)" for a one-line summary; null when nothing parsed. */
export function explainTopReason(message: SchedulerMessage): { text: string; plugin: string | null } | null {
  const top = topReason(message);
  if (top === null) return null;
  if (top.count === null) return { text: top.reason, plugin: top.plugin };
  const of = message.nodesTotal === null ? '' : ` of ${message.nodesTotal}`;
  const nodes = `${top.count}${of} node${top.count === 1 && of === '' ? '' : 's'}`;
  const meaning = reasonPhrase(top);
  const others = message.reasons.filter((r) => r.section === 'filter' && r !== top).length;
  const more = others === 0 ? '' : ` (+${others} other reason${others === 1 ? '' : 's'})`;
  return { text: `${nodes}${meaning}${more}`, plugin: top.plugin };
}

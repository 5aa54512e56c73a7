import type { Labels } from './families.ts';
import { type EvaluatedFamily, formatFloat } from './state.ts';

/** The Content-Type of Prometheus text format 0.0.4. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Label names sorted, `le` last (as client_golang prints them). */
function renderLabels(labels: Labels): string {
  const names = Object.keys(labels)
    .filter((n) => n !== 'le')
    .sort();
  if ('le' in labels) names.push('le');
  if (names.length === 0) return '';
  return `{${names.map((n) => `${n}="${escapeLabelValue(labels[n] ?? '')}"`).join(',')}}`;
}

/**
 * Renders families in the Prometheus text format 0.0.4: `# HELP`, `# TYPE`, then samples. Families
 * without series are left out, like a client library's vector with no children. Counts are whole
 * numbers (they count events); sums keep their fraction.
 */
export function renderExposition(families: readonly EvaluatedFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const s of family.samples) {
      const value = s.integral ? Math.floor(s.value + 1e-9) : s.value;
      lines.push(`${s.name}${renderLabels(s.labels)} ${formatFloat(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

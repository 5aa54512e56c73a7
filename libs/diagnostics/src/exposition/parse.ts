import { isValidName, parseSampleLine, parseSampleValue } from './sample-line.ts';

export const METRIC_TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** One sample as written: `name` keeps its suffix (`_bucket`, `_sum`, `_count`). */
export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  /** May be NaN or ±Inf, exactly as exposed. */
  value: number;
  timestampMs: number | null;
  /** 1-based line of the sample. */
  line: number;
}

/** A metric family: a histogram's or summary's `_bucket`/`_sum`/`_count` samples belong to it. */
export interface MetricFamily {
  name: string;
  /** "untyped" when no TYPE line preceded the samples. */
  type: MetricType;
  help: string | null;
  samples: ExpositionSample[];
}

export interface ExpositionError {
  /** 1-based line number. */
  line: number;
  message: string;
}

/** Caps that keep hostile input (huge lines, millions of series) from costing unbounded work. */
export interface ExpositionLimits {
  /** Lines read at most; the rest is ignored and reported. */
  maxLines: number;
  /** Longer lines are skipped unparsed and reported. */
  maxLineLength: number;
  /** Errors listed at most; the rest are counted in one last error. */
  maxErrors: number;
}

export const DEFAULT_EXPOSITION_LIMITS: Readonly<ExpositionLimits> = {
  maxLines: 1_000_000,
  maxLineLength: 64 * 1024,
  maxErrors: 1_000,
};

export interface ParsedExposition {
  /** In order of first appearance. */
  families: MetricFamily[];
  errors: ExpositionError[];
  /** True when the line cap stopped the parse early. */
  truncated: boolean;
  /** Lines read (including blank and comment lines). */
  lines: number;
}

interface FamilyState {
  family: MetricFamily;
  typed: boolean;
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
}

/**
 * Parses the Prometheus text exposition format 0.0.4: HELP, TYPE and comment lines, samples
 * with escaped label values, NaN/±Inf values and optional timestamps; histogram and summary
 * samples are grouped under their family. Malformed lines are reported with their 1-based line
 * number and skipped; everything else is still used. Never throws.
 */
export function parseExposition(text: string, limits: Partial<ExpositionLimits> = {}): ParsedExposition {
  const maxLines = limits.maxLines ?? DEFAULT_EXPOSITION_LIMITS.maxLines;
  const maxLineLength = limits.maxLineLength ?? DEFAULT_EXPOSITION_LIMITS.maxLineLength;
  const maxErrors = limits.maxErrors ?? DEFAULT_EXPOSITION_LIMITS.maxErrors;

  const families: MetricFamily[] = [];
  const byName = new Map<string, FamilyState>();
  const errors: ExpositionError[] = [];
  let suppressed = 0;
  let lineNo = 0;
  let truncated = false;

  const report = (line: number, message: string): void => {
    if (errors.length < maxErrors) errors.push({ line, message });
    else suppressed++;
  };

  const create = (name: string, typed: boolean, type: MetricType): FamilyState => {
    const state: FamilyState = { family: { name, type, help: null, samples: [] }, typed };
    byName.set(name, state);
    families.push(state.family);
    return state;
  };

  /** The family a sample name belongs to: a histogram/summary base for suffixed names, else itself. */
  const familyOf = (name: string): FamilyState => {
    for (const suffix of ['_bucket', '_sum', '_count'] as const) {
      if (!name.endsWith(suffix)) continue;
      const base = byName.get(name.slice(0, -suffix.length));
      if (base === undefined) continue;
      if (base.family.type === 'histogram') return base;
      if (base.family.type === 'summary' && suffix !== '_bucket') return base;
    }
    return byName.get(name) ?? create(name, false, 'untyped');
  };

  const onComment = (line: string, at: number): void => {
    const match = /^#[ \t]*(HELP|TYPE)(?:[ \t]+(.*))?$/.exec(line);
    if (match === null) return; // an ordinary comment
    const keyword = match[1];
    const rest = match[2] ?? '';
    const space = rest.search(/[ \t]/);
    const name = space === -1 ? rest : rest.slice(0, space);
    const tail = space === -1 ? '' : rest.slice(space + 1);
    if (!isValidName(name)) {
      report(
        at,
        name === ''
          ? `${keyword} without a metric name`
          : `invalid metric name "${name.slice(0, 80)}" in ${keyword}`,
      );
      return;
    }
    const existing = byName.get(name);
    if (keyword === 'HELP') {
      const state = existing ?? create(name, false, 'untyped');
      if (state.family.help !== null) report(at, `second HELP line for ${name}`);
      else state.family.help = unescapeHelp(tail);
      return;
    }
    const type = tail.trim();
    if (!(METRIC_TYPES as readonly string[]).includes(type)) {
      report(at, `unknown metric type "${type.slice(0, 40)}" for ${name}`);
      return;
    }
    if (existing?.typed === true) {
      report(at, `second TYPE line for ${name}`);
      return;
    }
    if (existing !== undefined && existing.family.samples.length > 0) {
      report(at, `TYPE line for ${name} after its samples`);
      return;
    }
    const state = existing ?? create(name, true, type as MetricType);
    state.typed = true;
    state.family.type = type as MetricType;
  };

  const onSample = (line: string, at: number): void => {
    const parsed = parseSampleLine(line);
    if (!parsed.ok) {
      report(at, parsed.message);
      return;
    }
    const { family } = familyOf(parsed.name);
    if (family.type === 'histogram') {
      if (parsed.name === `${family.name}_bucket`) {
        const le = parsed.labels.le;
        if (le === undefined || parseSampleValue(le) === null || Number.isNaN(parseSampleValue(le))) {
          report(at, `histogram bucket ${parsed.name} without a valid "le" label`);
          return;
        }
      } else if (parsed.name === family.name) {
        report(at, `histogram ${family.name} sample without _bucket, _sum or _count suffix`);
        return;
      }
    }
    if (family.type === 'summary' && parsed.name === family.name) {
      const q = parsed.labels.quantile;
      const value = q === undefined ? null : parseSampleValue(q);
      if (value === null || Number.isNaN(value)) {
        report(at, `summary ${family.name} sample without a valid "quantile" label`);
        return;
      }
    }
    family.samples.push({
      name: parsed.name,
      labels: parsed.labels,
      value: parsed.value,
      timestampMs: parsed.timestampMs,
      line: at,
    });
  };

  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    if (lineNo > maxLines) {
      lineNo--;
      truncated = true;
      report(lineNo + 1, `stopped after ${maxLines} lines; the rest is ignored`);
      break;
    }
    const length = end - start;
    if (length > maxLineLength) {
      report(lineNo, `line of ${length} characters exceeds the ${maxLineLength} limit; skipped`);
      start = end + 1;
      continue;
    }
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const trimmed = line.trimStart();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) onComment(trimmed, lineNo);
    else onSample(line, lineNo);
  }

  if (suppressed > 0) errors.push({ line: lineNo, message: `${suppressed} more errors not listed` });
  return { families, errors, truncated, lines: lineNo };
}

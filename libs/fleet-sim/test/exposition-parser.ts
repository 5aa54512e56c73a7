/**
 * A small strict parser for the Prometheus text format 0.0.4, for tests: every line must be a HELP, a
 * TYPE or a sample of a declared family; histogram series must be cumulative with +Inf == _count.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedExposition {
  types: Map<string, string>;
  samples: ParsedSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_PAIR = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\n"])*"`;
const VALUE = '[+-]?(?:\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|Inf|NaN)';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(\\{(?:${LABEL_PAIR}(?:,${LABEL_PAIR})*)?\\})? (${VALUE})$`);
const PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\n"])*)"/g;

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (name.endsWith(suffix)) {
      const base = name.slice(0, -suffix.length);
      if (types.get(base) === 'histogram') return base;
    }
  }
  return undefined;
}

/** Parses and validates; throws with the offending line. */
export function parseExposition(text: string): ParsedExposition {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: ParsedSample[] = [];
  const seen = new Set<string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const help = HELP_LINE.exec(line);
    if (help) {
      if (helps.has(help[1] as string)) throw new Error(`duplicate HELP: ${line}`);
      helps.add(help[1] as string);
      continue;
    }
    const type = TYPE_LINE.exec(line);
    if (type) {
      if (types.has(type[1] as string)) throw new Error(`duplicate TYPE: ${line}`);
      types.set(type[1] as string, type[2] as string);
      continue;
    }
    const sample = SAMPLE_LINE.exec(line);
    if (!sample) throw new Error(`malformed line: ${JSON.stringify(line)}`);
    const name = sample[1] as string;
    if (!familyOf(name, types)) throw new Error(`sample before its TYPE: ${line}`);
    const labels: Record<string, string> = {};
    for (const m of (sample[2] ?? '').matchAll(PAIR)) {
      const key = m[1] as string;
      if (key in labels) throw new Error(`duplicate label ${key}: ${line}`);
      labels[key] = (m[2] as string).replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const id = `${name}${sample[2] ?? ''}`;
    if (seen.has(id)) throw new Error(`duplicate series: ${line}`);
    seen.add(id);
    const raw = sample[3] as string;
    const value = raw.endsWith('Inf') ? (raw.startsWith('-') ? -Infinity : Infinity) : Number(raw);
    samples.push({ name, labels, value });
  }
  validateHistograms({ types, samples });
  return { types, samples };
}

function seriesKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .filter((k) => k !== 'le')
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

function validateHistograms(parsed: ParsedExposition): void {
  for (const [family, type] of parsed.types) {
    if (type !== 'histogram') continue;
    const groups = new Map<
      string,
      { buckets: { le: number; value: number }[]; count?: number; sum?: number }
    >();
    for (const s of parsed.samples) {
      if (!s.name.startsWith(family)) continue;
      const g = groups.get(seriesKey(s.labels)) ?? { buckets: [] };
      if (s.name === `${family}_bucket`) {
        const le = s.labels.le;
        if (le === undefined) throw new Error(`${family}_bucket without le`);
        g.buckets.push({ le: le === '+Inf' ? Infinity : Number(le), value: s.value });
      } else if (s.name === `${family}_count`) g.count = s.value;
      else if (s.name === `${family}_sum`) g.sum = s.value;
      groups.set(seriesKey(s.labels), g);
    }
    for (const [key, g] of groups) {
      const les = g.buckets.map((b) => b.le);
      if (les.some((le, i) => i > 0 && le <= (les[i - 1] as number)))
        throw new Error(`${family}{${key}}: le not increasing`);
      if (les[les.length - 1] !== Infinity) throw new Error(`${family}{${key}}: no +Inf bucket`);
      if (g.buckets.some((b, i) => i > 0 && b.value < (g.buckets[i - 1]?.value ?? 0)))
        throw new Error(`${family}{${key}}: buckets not cumulative`);
      if (g.count === undefined || g.sum === undefined)
        throw new Error(`${family}{${key}}: missing _count/_sum`);
      if (g.buckets[g.buckets.length - 1]?.value !== g.count)
        throw new Error(`${family}{${key}}: +Inf != _count`);
    }
  }
}

/** Sum of a sample's value over series matching `filter`. */
export function sumOf(
  parsed: ParsedExposition,
  name: string,
  filter: (labels: Record<string, string>) => boolean = () => true,
): number {
  return parsed.samples.filter((s) => s.name === name && filter(s.labels)).reduce((a, s) => a + s.value, 0);
}

/**
 * p99 from the bucket increase between two scrapes (Prometheus' linear interpolation, written out
 * independently of the simulator's own implementation).
 */
export function p99FromDeltas(
  before: ParsedExposition,
  after: ParsedExposition,
  family: string,
  filter: (labels: Record<string, string>) => boolean = () => true,
): number {
  const byLe = new Map<number, number>();
  for (const [scrape, sign] of [
    [after, 1],
    [before, -1],
  ] as const) {
    for (const s of scrape.samples) {
      if (s.name !== `${family}_bucket` || !filter(s.labels)) continue;
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      byLe.set(le, (byLe.get(le) ?? 0) + sign * s.value);
    }
  }
  const buckets = [...byLe.entries()].sort((a, b) => a[0] - b[0]);
  const total = buckets[buckets.length - 1]?.[1] ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = 0.99 * total;
  let lowerLe = 0;
  let lowerCount = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) {
      if (le === Infinity) return lowerLe;
      return lowerLe + ((le - lowerLe) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerLe = le;
    lowerCount = count;
  }
  return Number.NaN;
}

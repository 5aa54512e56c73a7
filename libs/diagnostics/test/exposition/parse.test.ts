import { describe, expect, it } from 'vitest';
import { type MetricFamily, parseExposition } from '../../src/index.ts';

function only(text: string): MetricFamily[] {
  const parsed = parseExposition(text);
  expect(parsed.errors).toEqual([]);
  return parsed.families;
}

/** Plain copies, so null-prototype label records compare as ordinary objects. */
function plain(families: MetricFamily[]): unknown {
  return JSON.parse(
    JSON.stringify(families, (_k, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
    ),
  );
}

describe('parseExposition: valid input', () => {
  it('reads HELP, TYPE, labels, values and timestamps', () => {
    const families = only(
      [
        '# HELP http_requests_total The total number of HTTP requests.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="post",code="200"} 1027 1395066363000',
        'http_requests_total{method="post",code="400"}    3 1395066363000',
        '',
        '# A normal comment.',
        'metric_without_timestamp_and_labels 12.47',
        '  indented_metric{a="b",} 1e3',
        'empty_labels{} -0.5',
      ].join('\n'),
    );
    expect(plain(families)).toEqual([
      {
        name: 'http_requests_total',
        type: 'counter',
        help: 'The total number of HTTP requests.',
        samples: [
          {
            name: 'http_requests_total',
            labels: { method: 'post', code: '200' },
            value: 1027,
            timestampMs: 1395066363000,
            line: 3,
          },
          {
            name: 'http_requests_total',
            labels: { method: 'post', code: '400' },
            value: 3,
            timestampMs: 1395066363000,
            line: 4,
          },
        ],
      },
      {
        name: 'metric_without_timestamp_and_labels',
        type: 'untyped',
        help: null,
        samples: [
          {
            name: 'metric_without_timestamp_and_labels',
            labels: {},
            value: 12.47,
            timestampMs: null,
            line: 7,
          },
        ],
      },
      {
        name: 'indented_metric',
        type: 'untyped',
        help: null,
        samples: [{ name: 'indented_metric', labels: { a: 'b' }, value: 1000, timestampMs: null, line: 8 }],
      },
      {
        name: 'empty_labels',
        type: 'untyped',
        help: null,
        samples: [{ name: 'empty_labels', labels: {}, value: -0.5, timestampMs: null, line: 9 }],
      },
    ]);
  });

  it.each<{ token: string; value: number }>([
    { token: 'NaN', value: Number.NaN },
    { token: 'nan', value: Number.NaN },
    { token: '+Inf', value: Number.POSITIVE_INFINITY },
    { token: '-Inf', value: Number.NEGATIVE_INFINITY },
    { token: 'Inf', value: Number.POSITIVE_INFINITY },
    { token: '1.5e-3', value: 0.0015 },
    { token: '.5', value: 0.5 },
    { token: '-0', value: -0 },
    { token: '+7', value: 7 },
  ])('value $token', ({ token, value }) => {
    const [family] = only(`m ${token}`);
    expect(family?.samples[0]?.value).toBe(value);
  });

  it('unescapes label values and HELP text', () => {
    const [family] = only(
      [
        '# HELP msdos_file_access_time_seconds Path with \\\\ backslash and \\n newline.',
        'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      ].join('\n'),
    );
    expect(family?.help).toBe('Path with \\ backslash and \n newline.');
    expect(family?.samples[0]?.labels.path).toBe('C:\\DIR\\FILE.TXT');
    expect(family?.samples[0]?.labels.error).toBe('Cannot find file:\n"FILE.TXT"');
  });

  it('accepts braces, commas and "#" inside label values, and CRLF line ends', () => {
    const [family] = only('m{a="x}, y=\\"z\\" # not a comment"} 2\r\n');
    expect(family?.samples[0]?.labels.a).toBe('x}, y="z" # not a comment');
    expect(family?.samples[0]?.value).toBe(2);
  });

  it('keeps __proto__ as a plain label', () => {
    const [family] = only('m{__proto__="x"} 1');
    expect(Object.keys(family?.samples[0]?.labels ?? {})).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(family?.samples[0]?.labels, '__proto__')?.value).toBe('x');
  });

  it('groups histogram and summary samples under their family', () => {
    const families = only(
      [
        '# TYPE rpc_duration_seconds summary',
        'rpc_duration_seconds{quantile="0.5"} 4773',
        'rpc_duration_seconds{quantile="0.99"} 76656',
        'rpc_duration_seconds_sum 1.7560473e+07',
        'rpc_duration_seconds_count 2693',
        '# TYPE http_request_duration_seconds histogram',
        'http_request_duration_seconds_bucket{le="0.05"} 24054',
        'http_request_duration_seconds_bucket{le="+Inf"} 144320',
        'http_request_duration_seconds_sum 53423',
        'http_request_duration_seconds_count 144320',
        'other_count 3',
      ].join('\n'),
    );
    expect(families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ['rpc_duration_seconds', 'summary', 4],
      ['http_request_duration_seconds', 'histogram', 4],
      ['other_count', 'untyped', 1],
    ]);
  });
});

describe('parseExposition: malformed lines are reported with their line number, the rest used', () => {
  it.each<{ line: string; message: string }>([
    { line: 'metric_without_value', message: 'missing value for metric_without_value' },
    { line: 'metric_without_value{a="1"}', message: 'missing value for metric_without_value' },
    { line: '1bad 2', message: 'expected a metric name at column 1' },
    { line: 'm abc', message: 'invalid value "abc" for m' },
    { line: 'm 0x1p3', message: 'invalid value "0x1p3" for m' },
    { line: 'm{a="1" 2', message: 'expected "," or "}" after label a at column 9' },
    { line: 'm{a="open} 1', message: 'unterminated value of label a' },
    { line: 'm{a="\\t"} 1', message: 'invalid escape sequence "\\t" in label a at column 6' },
    { line: 'm{a="1",a="2"} 1', message: 'duplicate label a' },
    { line: 'm{1a="x"} 1', message: 'invalid label name at column 3' },
    { line: 'm{a:b="x"} 1', message: 'expected "=" after label a at column 4' },
    { line: 'm{a=1} 1', message: `expected '"' to open the value of label a at column 5` },
    { line: 'm{a="1"}1', message: 'expected a space before the value at column 9' },
    { line: 'm 1 soon', message: 'invalid timestamp "soon" for m' },
    { line: 'm 1 1.5', message: 'invalid timestamp "1.5" for m' },
    { line: 'm 1 99999999999999999999', message: 'invalid timestamp "99999999999999999999" for m' },
    { line: 'm 1 123 extra', message: 'unexpected text after the timestamp at column 9' },
    { line: '# TYPE x flubber', message: 'unknown metric type "flubber" for x' },
    { line: '# TYPE ok gauge', message: 'TYPE line for ok after its samples' },
    { line: '# HELP', message: 'HELP without a metric name' },
    { line: '# TYPE 9lives gauge', message: 'invalid metric name "9lives" in TYPE' },
  ])('$line', ({ line, message }) => {
    const parsed = parseExposition(['ok 1', line, 'ok{b="2"} 3'].join('\n'));
    expect(parsed.errors).toEqual([{ line: 2, message }]);
    expect(parsed.families.find((f) => f.name === 'ok')?.samples.map((s) => s.value)).toEqual([1, 3]);
  });

  it('reports duplicate TYPE and HELP lines', () => {
    const parsed = parseExposition(
      ['# HELP a first', '# TYPE a gauge', '# HELP a second', '# TYPE a counter', 'a 1'].join('\n'),
    );
    expect(parsed.errors).toEqual([
      { line: 3, message: 'second HELP line for a' },
      { line: 4, message: 'second TYPE line for a' },
    ]);
    expect(parsed.families).toMatchObject([{ name: 'a', type: 'gauge', help: 'first' }]);
  });

  it('checks histogram and summary structure', () => {
    const parsed = parseExposition(
      [
        '# TYPE h histogram',
        'h_bucket{le="1"} 1',
        'h_bucket 2',
        'h_bucket{le="soon"} 2',
        'h 5',
        '# TYPE s summary',
        's 4',
        's{quantile="0.5"} 4',
      ].join('\n'),
    );
    expect(parsed.errors).toEqual([
      { line: 3, message: 'histogram bucket h_bucket without a valid "le" label' },
      { line: 4, message: 'histogram bucket h_bucket without a valid "le" label' },
      { line: 5, message: 'histogram h sample without _bucket, _sum or _count suffix' },
      { line: 7, message: 'summary s sample without a valid "quantile" label' },
    ]);
    expect(parsed.families.map((f) => f.samples.length)).toEqual([1, 1]);
  });
});

describe('parseExposition: hostile input', () => {
  it('stops at the line cap and says so', () => {
    const parsed = parseExposition('a 1\nb 2\nc 3\nd 4\n', { maxLines: 2 });
    expect(parsed.truncated).toBe(true);
    expect(parsed.lines).toBe(2);
    expect(parsed.families.map((f) => f.name)).toEqual(['a', 'b']);
    expect(parsed.errors).toEqual([{ line: 3, message: 'stopped after 2 lines; the rest is ignored' }]);
  });

  it('skips over-long lines without parsing them', () => {
    const parsed = parseExposition(`a 1\nhuge{x="${'y'.repeat(200)}"} 1\nb 2`, { maxLineLength: 100 });
    expect(parsed.errors).toEqual([
      { line: 2, message: 'line of 212 characters exceeds the 100 limit; skipped' },
    ]);
    expect(parsed.families.map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('caps the error list and counts the rest', () => {
    const parsed = parseExposition('x\nx\nx\nx\nx\nok 1', { maxErrors: 2 });
    expect(parsed.errors).toEqual([
      { line: 1, message: 'missing value for x' },
      { line: 2, message: 'missing value for x' },
      { line: 6, message: '3 more errors not listed' },
    ]);
    expect(parsed.families.map((f) => f.name)).toEqual(['ok']);
  });

  it('never throws on garbage', () => {
    // Deterministic pseudo-random bytes biased towards the format's special characters.
    const alphabet = 'ab_:{}="\\,# \n\t0123456789.eE+-InfNa\u00e9\u0000';
    let seed = 12345;
    for (let run = 0; run < 200; run++) {
      let text = '';
      for (let i = 0; i < 300; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += alphabet[seed % alphabet.length];
      }
      const parsed = parseExposition(text);
      for (const e of parsed.errors) expect(e.line).toBeGreaterThan(0);
    }
  });

  it('handles empty input', () => {
    expect(parseExposition('')).toEqual({ families: [], errors: [], truncated: false, lines: 0 });
  });
});

/**
 * One sample line of the Prometheus text format 0.0.4:
 * `name[{label="value",…}] value [timestamp]`. Label values escape `\\`, `\"` and `\n`; values
 * are Go floats (NaN, +Inf, -Inf included); timestamps are integer epoch milliseconds.
 */

export type SampleLineResult =
  | { ok: true; name: string; labels: Record<string, string>; value: number; timestampMs: number | null }
  | { ok: false; message: string };

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INF = /^[+-]?inf(?:inity)?$/i;
const NAN = /^[+-]?nan$/i;
const TIMESTAMP = /^-?\d+$/;

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isNameStart(c: string | undefined, colon: boolean): boolean {
  if (c === undefined) return false;
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (colon && c === ':');
}

function isNameChar(c: string | undefined, colon: boolean): boolean {
  return isNameStart(c, colon) || (c !== undefined && c >= '0' && c <= '9');
}

/** A metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) or label name (no colons). */
export function isValidName(text: string, colon = true): boolean {
  if (!isNameStart(text[0], colon)) return false;
  for (let i = 1; i < text.length; i++) if (!isNameChar(text[i], colon)) return false;
  return true;
}

/** A sample value as Go's ParseFloat reads it (decimal, NaN, ±Inf); null when malformed. */
export function parseSampleValue(token: string): number | null {
  if (FLOAT.test(token)) return Number(token);
  if (INF.test(token)) return token.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (NAN.test(token)) return Number.NaN;
  return null;
}

function fail(message: string): SampleLineResult {
  return { ok: false, message };
}

/** Parses one non-comment, non-blank line. Never throws; errors name the column (1-based). */
export function parseSampleLine(line: string): SampleLineResult {
  const n = line.length;
  let i = 0;
  while (isBlank(line[i])) i++;
  const nameStart = i;
  if (!isNameStart(line[i], true)) return fail(`expected a metric name at column ${i + 1}`);
  while (isNameChar(line[i], true)) i++;
  const name = line.slice(nameStart, i);
  while (isBlank(line[i])) i++;

  // Null prototype: label names such as "__proto__" are valid and must stay plain keys.
  const labels: Record<string, string> = Object.create(null);
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (isBlank(line[i])) i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      const labelStart = i;
      if (!isNameStart(line[i], false)) return fail(`invalid label name at column ${i + 1}`);
      while (isNameChar(line[i], false)) i++;
      const labelName = line.slice(labelStart, i);
      while (isBlank(line[i])) i++;
      if (line[i] !== '=') return fail(`expected "=" after label ${labelName} at column ${i + 1}`);
      i++;
      while (isBlank(line[i])) i++;
      if (line[i] !== '"')
        return fail(`expected '"' to open the value of label ${labelName} at column ${i + 1}`);
      i++;
      let value = '';
      let closed = false;
      while (i < n) {
        const c = line[i];
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        if (c === '\\') {
          const next = line[i + 1];
          if (next === '\\') value += '\\';
          else if (next === '"') value += '"';
          else if (next === 'n') value += '\n';
          else
            return fail(`invalid escape sequence "\\${next ?? ''}" in label ${labelName} at column ${i + 1}`);
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      if (!closed) return fail(`unterminated value of label ${labelName}`);
      if (Object.hasOwn(labels, labelName)) return fail(`duplicate label ${labelName}`);
      labels[labelName] = value;
      while (isBlank(line[i])) i++;
      if (line[i] === ',') {
        i++;
        continue;
      }
      if (line[i] === '}') {
        i++;
        break;
      }
      return fail(`expected "," or "}" after label ${labelName} at column ${i + 1}`);
    }
    if (i < n && !isBlank(line[i])) return fail(`expected a space before the value at column ${i + 1}`);
  }

  while (isBlank(line[i])) i++;
  const valueStart = i;
  while (i < n && !isBlank(line[i])) i++;
  const valueToken = line.slice(valueStart, i);
  if (valueToken === '') return fail(`missing value for ${name}`);
  const value = parseSampleValue(valueToken);
  if (value === null) return fail(`invalid value "${valueToken.slice(0, 40)}" for ${name}`);

  while (isBlank(line[i])) i++;
  let timestampMs: number | null = null;
  if (i < n) {
    const tsStart = i;
    while (i < n && !isBlank(line[i])) i++;
    const token = line.slice(tsStart, i);
    const ts = TIMESTAMP.test(token) ? Number(token) : Number.NaN;
    if (!Number.isSafeInteger(ts)) return fail(`invalid timestamp "${token.slice(0, 40)}" for ${name}`);
    timestampMs = ts;
    while (isBlank(line[i])) i++;
    if (i < n) return fail(`unexpected text after the timestamp at column ${i + 1}`);
  }
  return { ok: true, name, labels, value, timestampMs };
}

/** Values with their unit, short enough for a wall: "1.3 s", "250 ms", "2.1/s", "3.2 %", "7.6 GiB". */

function significant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(digits)));
}

/** Seconds: "1.3 s" from one second up, "250 ms" below (so small numbers stay readable). */
export function formatSeconds(seconds: number, digits = 3): string {
  if (seconds !== 0 && Math.abs(seconds) < 1) return `${significant(seconds * 1000, digits)} ms`;
  return `${significant(seconds, digits)} s`;
}

export function formatRate(perSecond: number): string {
  return `${significant(perSecond)}/s`;
}

/** A 0..1 ratio as a percentage. */
export function formatRatio(ratio: number): string {
  return `${significant(ratio * 100)} %`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${significant(value)} ${BYTE_UNITS[unit]}`;
}

export function formatCount(count: number): string {
  return significant(count);
}

/** `{a="1", b="2"}` for evidence; "" when there are no labels. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${labels[k]}"`).join(', ')}}`;
}

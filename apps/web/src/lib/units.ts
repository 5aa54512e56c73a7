/**
 * Formats a series value for a wall: few digits, the unit a person expects. The API names units with
 * `Series.unit`: seconds | ratio | per_second | bytes | count. A unit this build does not know is shown as
 * the number followed by the unit's name, never dropped.
 */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'seconds':
      return formatSeconds(value);
    case 'ratio':
      return formatPercent(value);
    case 'per_second':
      return `${formatPlain(value)} /s`;
    case 'bytes':
      return formatBytes(value);
    case 'count':
      return formatPlain(value);
    default:
      return `${formatPlain(value)} ${unit}`;
  }
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Up to three significant digits, thousands grouped above 100: "0.02", "1.5", "42", "1,234". */
function formatPlain(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 100) return grouped.format(value);
  if (abs >= 10) return trim(value.toFixed(1));
  if (abs >= 1) return trim(value.toFixed(2));
  return trim(value.toPrecision(2));
}

/** Drops trailing zeros after a decimal point: "1.50" → "1.5", "2.00" → "2". */
function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Seconds below one as milliseconds ("480 ms", "4.8 ms"), from one up as seconds ("1.3 s", "42 s"). */
export function formatSeconds(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 ms';
  // 0.9996 s would round to "1000 ms": from there on, seconds read better.
  if (abs < 0.9995) {
    const ms = seconds * 1000;
    return `${Math.abs(ms) >= 10 ? Math.round(ms).toString() : trim(ms.toPrecision(2))} ms`;
  }
  if (abs < 10) return `${trim(seconds.toFixed(1))} s`;
  return `${grouped.format(seconds)} s`;
}

/** A 0..1 ratio as a percentage: "50%", "3.1%", "0.02%", "< 0.01%" for a tiny non-zero ratio. */
export function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  const abs = Math.abs(pct);
  if (abs === 0) return '0%';
  if (abs < 0.01) return pct > 0 ? '< 0.01%' : '> −0.01%';
  if (abs < 1) return `${trim(pct.toFixed(2))}%`;
  if (abs < 10) return `${trim(pct.toFixed(1))}%`;
  return `${Math.round(pct)}%`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Binary units, as Kubernetes and etcd quotas are set: "512 B", "1.5 KiB", "2 GiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${trim(value.toFixed(digits))} ${BYTE_UNITS[unit]}`;
}

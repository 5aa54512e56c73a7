/**
 * Input files are echoed in messages (a JSON parser's snippet, kinds, names, malformed lines). A file
 * can carry terminal control sequences (ESC [ 2 J, OSC 52 clipboard writes, C1 CSI) or bidirectional
 * overrides that make a message lie; these helpers show them as visible \u escapes instead.
 */

/** C0 and C1 controls, DEL, and the Unicode bidi / zero-width format characters that reorder or hide text. */
function unsafe(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

function escapeWhere(text: string, keep: (code: number) => boolean): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out += unsafe(code) && !keep(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  }
  return out;
}

/** One echoed value, on one line: every control character (line feeds too) escaped as \uXXXX. */
export function printable(text: string): string {
  return escapeWhere(text, () => false);
}

/**
 * A block of output (a report, a message list): line feeds and tabs kept, every other control
 * character escaped. The \uXXXX form is also a valid JSON escape, so JSON output stays valid and means
 * the same.
 */
export function printableBlock(text: string): string {
  return escapeWhere(text, (code) => code === 0x0a || code === 0x09);
}

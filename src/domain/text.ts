/**
 * Every string that came from Azure (names, tags, error messages) goes through here before it
 * reaches the terminal. A publisher named `evil\x1b]52;c;…\x07` must show up as those characters,
 * not set the user's clipboard, move the cursor or flip the text direction.
 */

const NAMED: Readonly<Record<string, string>> = Object.freeze({
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\u001b': '\\e',
});

/**
 * C0 and C1 controls, DEL, and the invisible characters that reorder or hide text
 * (bidi embeddings/overrides/isolates, zero-width joiners and spaces, line/paragraph separators,
 * the BOM). The character class is built once.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One line of text, safe to print: every control or invisible character is shown escaped (`\e`, `\x07`, `\u{202e}`). */
export function sanitize(text: string): string {
  // The common case (plain names) allocates nothing.
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  UNSAFE.lastIndex = 0;
  return text.replace(UNSAFE, escapeChar);
}

/**
 * Multi-line text we built ourselves around API strings (snippets): keeps our own line breaks
 * and tabs-as-spaces, escapes everything else per line.
 */
export function sanitizeLines(text: string): string[] {
  return text.split('\n').map((line) => sanitize(line.replace(/\t/g, '  ')));
}

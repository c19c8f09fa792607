/**
 * The one escaping rule for text that came from Azure (names, descriptions, tags, error messages,
 * region names). Every such string that reaches a terminal, the clipboard or `--json` goes
 * through here. A publisher named `evil\x1b]52;c;…\x07` must show up as those characters, not
 * set the user's clipboard, move the cursor, flip the text direction or hide itself.
 *
 * The unsafe characters ({@link isUnsafeChar}): C0 controls (U+0000–U+001F), DEL (U+007F), C1
 * controls (U+0080–U+009F), the soft hyphen, the bidi marks, embeddings, overrides and isolates
 * (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), zero-width and invisible characters
 * (U+180E, U+200B–U+200D, U+2060–U+2065, U+FEFF, U+FFF9–U+FFFB, the tag characters
 * U+E0000–U+E007F) and the line/paragraph separators U+2028/U+2029.
 *
 * Three forms, one rule:
 * - terminal and clipboard ({@link sanitize}, {@link sanitizeText}): each unsafe character is
 *   shown as visible ASCII, `\e`, `\n`, `\x07`, `\u{202e}`. The backslash itself is not escaped,
 *   so the result reads naturally; it is for people, and is never parsed back.
 * - JSON ({@link toJson}): each unsafe character is written as a JSON `\uXXXX` escape. The text
 *   is pure printable JSON, and `JSON.parse` gives back exactly what Azure sent (scripts see the
 *   real value; a terminal never sees the raw character).
 * - echoed user input ({@link echoInput}): as for the terminal, and shortened.
 */

const NAMED: Readonly<Record<string, string>> = Object.freeze({
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\u001b': '\\e',
});

/** The class of unsafe characters, as regex source (shared by the global and the test-only regexes). */
const UNSAFE_CLASS =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}]';
const UNSAFE = new RegExp(UNSAFE_CLASS, 'gu');
const UNSAFE_ONE = new RegExp(UNSAFE_CLASS, 'u');
/** Unsafe characters JSON.stringify leaves raw (it already escapes C0 as `\u00XX`). */
const JSON_RAW = new RegExp(UNSAFE_CLASS.replace('\\u0000-\\u001f', ''), 'gu');

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** True when `text` holds at least one character the rule escapes. */
export function hasUnsafeChars(text: string): boolean {
  return UNSAFE_ONE.test(text);
}

/** True for one character (code point) the rule escapes. */
export function isUnsafeChar(ch: string): boolean {
  return UNSAFE_ONE.test(ch);
}

/** One line of text, safe to print: every control or invisible character is shown escaped (`\e`, `\x07`, `\u{202e}`). */
export function sanitize(text: string): string {
  // The common case (plain names) allocates nothing.
  if (!UNSAFE_ONE.test(text)) return text;
  return text.replace(UNSAFE, escapeChar);
}

/**
 * Multi-line text we built ourselves around API strings (snippets): keeps our own line breaks
 * and tabs-as-spaces, escapes everything else per line.
 */
export function sanitizeLines(text: string): string[] {
  return text.split('\n').map((line) => sanitize(line.replace(/\t/g, '  ')));
}

/**
 * Multi-line text for the clipboard or a multi-line print: {@link sanitizeLines} joined with
 * `\n`. A tab becomes two spaces (pasted into a shell, a tab would trigger completion).
 */
export function sanitizeText(text: string): string {
  return sanitizeLines(text).join('\n');
}

/**
 * JSON text in which every unsafe character is a `\uXXXX` escape (JSON.stringify escapes C0 but
 * leaves DEL, C1, bidi and zero-width characters raw). Still valid JSON, and `JSON.parse` gives
 * back the same value. Such characters can only occur inside string literals of the output, so
 * escaping them wherever they are is exact.
 */
export function toJson(value: unknown, indent: number | undefined = 2): string {
  const text = JSON.stringify(value, null, indent);
  if (text === undefined) return 'null';
  JSON_RAW.lastIndex = 0;
  return text.replace(JSON_RAW, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
    // Outside the BMP (the tag characters): a surrogate pair, as JSON writes it.
    const c = code - 0x10000;
    const hi = 0xd800 + (c >> 10);
    const lo = 0xdc00 + (c & 0x3ff);
    return `\\u${hi.toString(16)}\\u${lo.toString(16)}`;
  });
}

/** How much of a user's input a message repeats back. */
export const ECHO_MAX = 60;

/**
 * What the user typed, as a message repeats it: escaped like {@link sanitize}, and shortened to
 * `max` characters (ending in `…`) so 10,000 characters do not fill the screen.
 */
export function echoInput(text: string, max = ECHO_MAX): string {
  const shown = sanitize(text);
  const chars = [...shown];
  return chars.length <= max ? shown : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

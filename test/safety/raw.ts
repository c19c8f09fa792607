/**
 * What must never reach a terminal raw: C0 controls but the line feed, DEL, C1, bidi marks,
 * embeddings, overrides and isolates, zero-width characters. Written out here, independently of
 * the implementation's own list (src/domain/text.ts).
 */
// eslint-disable-next-line no-control-regex -- the point of the tests: find control characters
export const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** Where the first raw character is, with some context, or undefined when there is none. */
export function firstRaw(s: string): string | undefined {
  const m = RAW.exec(s);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(s.slice(Math.max(0, m.index - 40), m.index + 10))}` : undefined;
}

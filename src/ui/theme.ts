/**
 * The one palette. Components never name a colour; they spread a semantic style
 * (`<Text {...palette.error}>`). With NO_COLOR or `--no-color` the same names carry no colour
 * at all, only attributes that are not colours (bold, underline, inverse) so emphasis survives.
 */
import { createContext, useContext } from 'react';

/** A subset of Ink's Text props, so a style can be spread straight onto `<Text>`. */
export interface TextStyle {
  readonly color?: string;
  readonly backgroundColor?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly underline?: boolean;
  readonly inverse?: boolean;
}

/** Semantic styles used across the UI. */
export interface Palette {
  readonly noColor: boolean;
  /** Titles, the app name, the current crumb. */
  readonly accent: TextStyle;
  /** Secondary text: counts, hints, ids. */
  readonly muted: TextStyle;
  /** The row under the cursor. */
  readonly selected: TextStyle;
  /** Letters that matched the filter. */
  readonly match: TextStyle;
  readonly error: TextStyle;
  readonly warning: TextStyle;
  readonly ok: TextStyle;
  /** Key glyphs in the footer and help. */
  readonly key: TextStyle;
  /** The DEMO badge and similar. */
  readonly badge: TextStyle;
}

const COLOURED: Palette = {
  noColor: false,
  accent: { color: 'cyan', bold: true },
  muted: { color: 'gray' },
  selected: { inverse: true },
  match: { color: 'yellow', bold: true },
  error: { color: 'red', bold: true },
  warning: { color: 'yellow' },
  ok: { color: 'green' },
  key: { color: 'cyan' },
  badge: { color: 'black', backgroundColor: 'yellow', bold: true },
};

const PLAIN: Palette = {
  noColor: true,
  accent: { bold: true },
  muted: {},
  selected: { inverse: true },
  match: { underline: true },
  error: { bold: true },
  warning: { bold: true },
  ok: {},
  key: { bold: true },
  badge: { inverse: true },
};

function deepFreeze(p: Palette): Readonly<Palette> {
  for (const v of Object.values(p)) if (typeof v === 'object') Object.freeze(v);
  return Object.freeze(p);
}

const FROZEN_COLOURED = deepFreeze({ ...COLOURED });
const FROZEN_PLAIN = deepFreeze({ ...PLAIN });

/** True when the environment asks for no colour (https://no-color.org: any non-empty NO_COLOR). */
export function envWantsNoColor(env: NodeJS.ProcessEnv = process.env): boolean {
  return typeof env.NO_COLOR === 'string' && env.NO_COLOR !== '';
}

/** The palette for this session: plain when `noColor` or NO_COLOR says so. */
export function paletteFor(noColor: boolean, env: NodeJS.ProcessEnv = process.env): Readonly<Palette> {
  return noColor || envWantsNoColor(env) ? FROZEN_PLAIN : FROZEN_COLOURED;
}

export const PaletteContext = createContext<Readonly<Palette>>(paletteFor(false));

export function usePalette(): Readonly<Palette> {
  return useContext(PaletteContext);
}

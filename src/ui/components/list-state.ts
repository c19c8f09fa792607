/**
 * The windowed list's state as a pure reducer: a cursor, the first row on screen, and the
 * filter. Rows are addressed by their position in the *visible* (filtered) sequence; the
 * caller maps that back to items. Nothing here knows about React or the terminal.
 */

export interface ListState {
  /** The filter as typed (empty: no filter). */
  readonly query: string;
  /** True while the filter line has the keyboard. */
  readonly editing: boolean;
  /** Row under the cursor, 0-based within the visible rows. */
  readonly cursor: number;
  /** First visible row on screen. */
  readonly top: number;
}

/** What the list can be asked to do. */
export type ListIntent =
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'page'; readonly dir: 1 | -1 }
  | { readonly type: 'first' }
  | { readonly type: 'last' }
  | { readonly type: 'select'; readonly row: number }
  | { readonly type: 'startFilter' }
  | { readonly type: 'query'; readonly query: string }
  | { readonly type: 'acceptFilter' }
  /** Drops the filter; `row` is where the cursor lands in the unfiltered list (the same item). */
  | { readonly type: 'clearFilter'; readonly row: number };

/** The shape of the list at the moment of the action: how many rows, how many fit. */
export interface ListGeometry {
  readonly count: number;
  readonly height: number;
}

export type ListAction = ListIntent & ListGeometry;

export const INITIAL_LIST_STATE: ListState = Object.freeze({ query: '', editing: false, cursor: 0, top: 0 });

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}

/** The top row that keeps `cursor` on screen, moving as little as possible from `top`. */
export function follow(top: number, cursor: number, count: number, height: number): number {
  const h = Math.max(1, height);
  let t = top;
  if (cursor < t) t = cursor;
  if (cursor >= t + h) t = cursor - h + 1;
  return clamp(t, 0, Math.max(0, count - h));
}

function at(state: ListState, cursor: number, g: ListGeometry, top = state.top): ListState {
  const c = g.count === 0 ? 0 : clamp(cursor, 0, g.count - 1);
  const t = follow(top, c, g.count, g.height);
  return c === state.cursor && t === state.top ? state : { ...state, cursor: c, top: t };
}

export function listReducer(state: ListState, action: ListAction): ListState {
  switch (action.type) {
    case 'move':
      return at(state, state.cursor + action.delta, action);
    case 'page': {
      // Like `less`: the page turns and the cursor keeps its place on screen.
      const step = Math.max(1, action.height - 1) * action.dir;
      return at(state, state.cursor + step, action, state.top + step);
    }
    case 'first':
      return at(state, 0, action);
    case 'last':
      return at(state, action.count - 1, action);
    case 'select':
      return at(state, action.row, action);
    case 'startFilter':
      return state.editing ? state : { ...state, editing: true };
    case 'query':
      // A new filter puts the best match under the cursor.
      return action.query === state.query ? state : { ...state, query: action.query, cursor: 0, top: 0 };
    case 'acceptFilter':
      return state.editing ? { ...state, editing: false } : state;
    case 'clearFilter': {
      const cleared: ListState = { ...state, query: '', editing: false };
      return at(cleared, action.row, action, action.row - Math.floor(action.height / 2));
    }
  }
}

/** The top row actually drawn: the state's, corrected for a height or row count that changed since. */
export function visibleTop(state: ListState, count: number, height: number): number {
  return follow(state.top, Math.min(state.cursor, Math.max(0, count - 1)), count, height);
}

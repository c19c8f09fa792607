/**
 * The pacer across a window boundary: an answer to a call sent in the old window that arrives
 * after a new call has opened the next window carries the old window's (low) count. It must not be
 * read as the new window's, or the policy stalls for a whole window with its budget unused.
 */
import { describe, expect, it } from 'vitest';
import { createPacer, PROBE, revivePacerState } from '../../src/domain/pacing.js';

const OFFERS = 'Microsoft.Compute/ListVMImageOffersFromLocation';
const h = (n3: number, n30: number) => `${OFFERS}3Min;${n3},${OFFERS}30Min;${n30}`;

/** A pacer that has learnt a budget of 3 per 3 minutes at t=10, spent it, with one call still unanswered at the window's end. */
function acrossTheBoundary() {
  const p = createPacer();
  p.sent(OFFERS, 0);
  p.answered(OFFERS, h(2, 10), 10);
  p.sent(OFFERS, 20);
  p.sent(OFFERS, 20);
  p.answered(OFFERS, h(1, 9), 30);
  expect(p.decide(OFFERS, 40).go).toBe(false); // the last of the 3 is in flight
  const t = 10 + 180_000 + 5;
  expect(p.decide(OFFERS, t)).toEqual({ go: true }); // a new window
  p.sent(OFFERS, t);
  return { p, t };
}

describe('pacing: answers that cross a window boundary', () => {
  it('the old call answers first: its reading is not taken for the new window', () => {
    const { p, t } = acrossTheBoundary();
    p.answered(OFFERS, h(0, 8), t + 5); // the old window's last call
    p.answered(OFFERS, h(2, 7), t + 8); // the new window's first
    expect(p.decide(OFFERS, t + 10)).toEqual({ go: true });
    p.sent(OFFERS, t + 10);
    p.sent(OFFERS, t + 10);
    p.answered(OFFERS, h(1, 6), t + 20);
    p.answered(OFFERS, h(0, 5), t + 20);
    // Now the new window is spent: wait for its end, counted from its first answer.
    expect(p.decide(OFFERS, t + 20)).toEqual({ go: false, waitMs: 180_000 - 12 });
  });

  it('the new call answers first: the late old reading does not empty the new window', () => {
    const { p, t } = acrossTheBoundary();
    p.answered(OFFERS, h(2, 7), t + 5);
    p.answered(OFFERS, h(0, 8), t + 8);
    expect(p.decide(OFFERS, t + 10)).toEqual({ go: true });
    expect(p.estimateMs({ [OFFERS]: 2 }, t + 10)).toBe(0);
  });

  it('a low reading with no old call outstanding is believed (someone else spent the budget)', () => {
    const p = createPacer();
    p.sent(OFFERS, 0);
    p.answered(OFFERS, h(2, 10), 10);
    const t = 10 + 180_000 + 5;
    p.sent(OFFERS, t); // opens the next window; nothing of the old one in flight
    p.answered(OFFERS, h(0, 9), t + 5);
    expect(p.decide(OFFERS, t + 10)).toEqual({ go: false, waitMs: 180_000 - 5 });
  });
});

describe('a saved state read back', () => {
  it('keeps what is still true now: the next search starts knowing the budgets, without a probing call', () => {
    const p = createPacer();
    p.sent(OFFERS, 0);
    p.answered(OFFERS, h(150, 900), 10);
    const saved = JSON.parse(JSON.stringify(p.snapshot())) as unknown;
    const revived = createPacer(revivePacerState(saved, 60_000));
    // Known budget with room: several calls may go at once (a fresh pacer allows one until its first answer).
    revived.sent(OFFERS, 60_000);
    expect(revived.decide(OFFERS, 60_000)).toEqual({ go: true });
    for (let i = 0; i < PROBE; i++) revived.sent(OFFERS, 60_000);
    expect(revived.decide(OFFERS, 60_000)).toEqual({ go: true });
    const fresh = createPacer();
    for (let i = 0; i < PROBE; i++) fresh.sent(OFFERS, 0);
    expect(fresh.decide(OFFERS, 0)).toEqual({ go: false });
  });

  it('drops windows that ended, windows from another clock (in the future), passed blocks and anything not a state', () => {
    const p = createPacer();
    p.sent(OFFERS, 1_000_000);
    p.answered(OFFERS, h(0, 900), 1_000_010);
    const saved = JSON.parse(JSON.stringify(p.snapshot())) as unknown;
    expect(revivePacerState(saved, 1_000_020)?.policies[OFFERS]?.windows['3Min']?.remaining).toBe(0);
    expect(revivePacerState(saved, 1_000_010 + 1_800_000)).toBeUndefined(); // both windows over
    expect(revivePacerState(saved, 5)).toBeUndefined(); // a clock before the windows began
    for (const junk of [undefined, null, 42, 'x', { policies: 3 }, { policies: { [OFFERS]: { windows: { '3Min': { start: 'soon' } } } } }]) {
      expect(revivePacerState(junk, 1_000_020)).toBeUndefined();
    }
  });
});

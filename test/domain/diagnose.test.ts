import { describe, expect, it } from 'vitest';
import { closestNames, editDistance } from '../../src/domain/diagnose.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['jamy', 'jammy', 1],
    ['servr', 'server', 1],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('stops early past the bound', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });
});

describe('closestNames', () => {
  const offers = ['0001-com-ubuntu-server-jammy', '0001-com-ubuntu-server-focal', 'UbuntuServer', 'ubuntu-24_04-lts', 'ubuntu-26_04-lts'];

  it('prefers a one-letter typo over a name that merely contains the text', () => {
    expect(closestNames('0001-com-ubuntu-server-jamy', offers)[0]).toBe('0001-com-ubuntu-server-jammy');
  });

  it('treats -, _ and . as the same and ignores case', () => {
    expect(closestNames('UBUNTU-24-04-LTS', offers)[0]).toBe('ubuntu-24_04-lts');
  });

  it('finds names that start with what was typed', () => {
    expect(closestNames('Canon', ['Canonical', 'cisco', 'Citrix'])).toEqual(['Canonical']);
  });

  it('offers nothing for unrelated text or an empty query', () => {
    expect(closestNames('zzzzzz', offers)).toEqual([]);
    expect(closestNames('', offers)).toEqual([]);
  });

  it('returns at most the limit', () => {
    expect(closestNames('ubuntu', offers, 2)).toHaveLength(2);
  });
});

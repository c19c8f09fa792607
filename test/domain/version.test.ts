import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/domain/errors.js';
import {
  MAX_VERSION_PART,
  compareVersions,
  galleryVersionProblem,
  isLatest,
  isValidVersion,
  latestOf,
  nextFreeVersion,
  parseGalleryVersion,
  parseVersion,
  sameVersion,
  sortVersionsDesc,
  tryParseGalleryVersion,
  tryParseVersion,
  versionExists,
  versionProblem,
} from '../../src/domain/version.js';
import { HAVE_FIXTURES, readCassette } from '../support/fixtures.js';

describe('parseVersion', () => {
  it.each([
    ['24.04.202411030', 24, 4, 202411030], // Ubuntu: leading zero in Minor
    ['26100.2314.241107', 26100, 2314, 241107], // Windows Server 2025
    ['0.20241111.1928', 0, 20241111, 1928], // Debian
    ['7.5.201808150', 7, 5, 201808150], // OpenLogic CentOS, from the recorded capture flow
    [`1.2.${MAX_VERSION_PART}`, 1, 2, MAX_VERSION_PART],
  ])('reads %s', (text, major, minor, build) => {
    expect(parseVersion(text)).toEqual({ major, minor, build, text });
    expect(isValidVersion(text)).toBe(true);
  });

  it.each([
    ['', 'The version is empty.'],
    ['1.2', 'Version "1.2" has 2 parts; Azure image versions have exactly 3 (Major.Minor.Build).'],
    ['1', 'Version "1" has 1 part; Azure image versions have exactly 3 (Major.Minor.Build).'],
    ['1.2.3.4', 'Version "1.2.3.4" has 4 parts; Azure image versions have exactly 3 (Major.Minor.Build).'],
    ['1..3', 'Version "1..3" has an empty Minor part.'],
    ['.2.3', 'Version ".2.3" has an empty Major part.'],
    ['1.2.', 'Version "1.2." has an empty Build part.'],
    ['1.2b.3', 'Version "1.2b.3": the Minor part "2b" is not a whole number.'],
    ['-1.2.3', 'Version "-1.2.3": the Major part "-1" is not a whole number.'],
    ['1.2.+3', 'Version "1.2.+3": the Build part "+3" is not a whole number.'],
    ['1.2.2147483648', 'Version "1.2.2147483648": the Build part 2147483648 is larger than 2147483647, the most Azure allows.'],
    ['1.2 .3', 'Version "1.2 .3" contains whitespace.'],
    ['latest', 'Version "latest" has 1 part; Azure image versions have exactly 3 (Major.Minor.Build).'],
  ])('rejects %j with a precise message', (text, message) => {
    expect(versionProblem(text)).toBe(message);
    expect(isValidVersion(text)).toBe(false);
    expect(tryParseVersion(text)).toBeUndefined();
    let caught: unknown;
    try {
      parseVersion(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toBe(message);
    expect((caught as UsageError).hint).toMatch(/Major\.Minor\.Build/);
  });

  it('knows latest in any case', () => {
    expect(isLatest('latest')).toBe(true);
    expect(isLatest('LATEST')).toBe(true);
    expect(isLatest('Latest')).toBe(true);
    expect(isLatest('latest1')).toBe(false);
  });
});

describe('compareVersions', () => {
  it.each([
    // [older, newer]
    ['9.9.1', '9.10.1'], // numeric, not textual
    ['1.2.9', '1.2.10'],
    ['2.0.0', '10.0.0'],
    ['22.04.202410020', '22.04.202411030'],
    ['18.04.202002180', '22.04.202001010'],
    ['26100.2314.241107', '26100.2605.241207'],
    ['0.20241111.1928', '0.20250101.2000'],
    ['1.2', '1.2.0'], // a missing part ranks below a present one (System.Version order)
    ['1.2.0', '1.3'],
    ['not-a-version', '0.0.0'], // anything real is newer than a non-version
  ])('%s is older than %s', (older, newer) => {
    expect(compareVersions(older, newer)).toBeLessThan(0);
    expect(compareVersions(newer, older)).toBeGreaterThan(0);
  });

  it('treats equal values as equal and breaks ties by text, so sorting is deterministic', () => {
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('22.04.1', '22.4.1')).not.toBe(0);
    expect(Math.sign(compareVersions('22.04.1', '22.4.1'))).toBe(-Math.sign(compareVersions('22.4.1', '22.04.1')));
    expect(sameVersion('22.04.1', '22.4.1')).toBe(true);
    expect(sameVersion('1.2.3', '1.2.4')).toBe(false);
    expect(sameVersion('1.2', '1.2.0')).toBe(false);
    expect(sameVersion('latest', 'LATEST')).toBe(true);
    expect(sameVersion('latest', '1.2.3')).toBe(false);
  });
});

describe('sortVersionsDesc and latestOf', () => {
  const shuffled = ['9.9.1', '9.10.1', '10.0.0', '9.10.0', '1.0.0', '9.9.10', '9.10.1'];
  const newestFirst = ['10.0.0', '9.10.1', '9.10.1', '9.10.0', '9.9.10', '9.9.1', '1.0.0'];

  it('orders newest first, numerically per part, without touching the input', () => {
    const input = [...shuffled];
    expect(sortVersionsDesc(input)).toEqual(newestFirst);
    expect(input).toEqual(shuffled);
    // A plain string sort gets this wrong: that is the bug this module exists to avoid.
    expect([...shuffled].sort().reverse()[0]).toBe('9.9.10');
  });

  it('sorts records through a key', () => {
    const recs = shuffled.map((version, i) => ({ version, i }));
    expect(sortVersionsDesc(recs, (r) => r.version).map((r) => r.version)).toEqual(newestFirst);
  });

  it('picks the newest, which is what latest resolves to', () => {
    expect(latestOf(shuffled)).toBe('10.0.0');
    expect(latestOf(['24.04.202410020', '24.04.202411030', '24.04.202409120'])).toBe('24.04.202411030');
    expect(latestOf([{ v: '1.2.9' }, { v: '1.2.10' }], (x) => x.v)).toEqual({ v: '1.2.10' });
    expect(latestOf([])).toBeUndefined();
    expect(latestOf(['garbage', '0.0.1'])).toBe('0.0.1');
  });

  it('puts non-versions last', () => {
    expect(sortVersionsDesc(['b', '1.0.0', 'a', '0.0.1'])).toEqual(['1.0.0', '0.0.1', 'b', 'a']);
  });
});

describe.skipIf(!HAVE_FIXTURES)('versions in recorded Azure traffic', () => {
  it('every version name Azure returned parses', () => {
    const names = new Set<string>();
    for (const f of ['azure-cli-recordings/test_vm_capture_zone_resilient_image.yaml', 'azure-cli-recordings/test_vm_image_show.yaml']) {
      for (const x of readCassette(f)) {
        if (!/\/versions(\/|\?)/i.test(x.uri) || x.status !== 200) continue;
        const body = JSON.parse(x.body) as { name: string } | { name: string }[];
        for (const item of Array.isArray(body) ? body : [body]) names.add(item.name);
      }
    }
    expect([...names].sort()).toEqual(['18.04.202002180', '7.5.201808150']);
    for (const n of names) expect(isValidVersion(n)).toBe(true);
  });
});

describe('gallery image versions', () => {
  it.each([
    ['1.0.0', 1, 0, 0],
    ['2025.11.2', 2025, 11, 2],
    [`0.0.${MAX_VERSION_PART}`, 0, 0, MAX_VERSION_PART],
  ])('reads %s', (text, major, minor, patch) => {
    expect(parseGalleryVersion(text)).toEqual({ major, minor, patch, text });
    expect(galleryVersionProblem(text)).toBeUndefined();
  });

  it.each([
    ['1.0', /3 parts|has 2 parts/],
    ['1.0.0.0', /has 4 parts/],
    ['v1.0.0', /"v"/],
    ['1..0', /empty Minor/],
    [`1.0.${MAX_VERSION_PART + 1}`, /larger than 2147483647/],
    ['latest', /contains/],
    ['', /empty/],
  ])('refuses %j, naming the fault', (text, message) => {
    expect(galleryVersionProblem(text)).toMatch(message);
    expect(() => parseGalleryVersion(text)).toThrow(UsageError);
    expect(tryParseGalleryVersion(text)).toBeUndefined();
  });

  it('orders gallery versions with the same comparison as marketplace versions', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('2025.11.2', '2025.11.10')).toBeLessThan(0);
  });

  it.each([
    [[], '1.0.0'],
    [['1.0.0'], '1.0.1'],
    [['1.0.9', '1.0.10', '0.9.99'], '1.0.11'],
    [['2.3.4', 'not-a-version', '10.0.0.0'], '2.3.5'],
    [[`1.2.${MAX_VERSION_PART}`], '1.3.0'],
    [[`1.${MAX_VERSION_PART}.${MAX_VERSION_PART}`], '2.0.0'],
  ])('next free after %j is %s', (existing, expected) => {
    expect(nextFreeVersion(existing)).toBe(expected);
    expect(versionExists(expected, existing)).toBe(false);
  });

  it('has no next version above the very last one', () => {
    const last = `${MAX_VERSION_PART}.${MAX_VERSION_PART}.${MAX_VERSION_PART}`;
    expect(() => nextFreeVersion([last])).toThrow(UsageError);
  });

  it('knows a version is taken by value', () => {
    expect(versionExists('1.0.0', ['0.9.0', '1.0.0'])).toBe(true);
    expect(versionExists('1.0.00', ['1.0.0'])).toBe(true);
    expect(versionExists('1.0.1', ['1.0.0', '1.1.0'])).toBe(false);
  });
});

/**
 * `azimg images` / `azimg galleries` as a user runs them: the real command (the bundled build)
 * with --demo, its output, JSON and exit codes. `npm test` builds dist/ first.
 */
import { describe, expect, it } from 'vitest';
import { azimg } from '../support/bin.js';

describe('azimg images / galleries (--demo)', () => {
  it('images ls --json prints a JSON array of every managed image', async () => {
    const r = await azimg(['images', 'ls', '--demo', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.length).toBeGreaterThanOrEqual(14);
    expect(new Set(list.map((i: { osType: string }) => i.osType))).toEqual(new Set(['Linux', 'Windows']));
  });

  it('galleries show GALLERY/DEFINITION/VERSION --json prints one object with per-region replication', async () => {
    const r = await azimg(['galleries', 'show', 'gal_platform_prod/ubuntu-2204-web/1.2.0', '--demo', '--json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.name).toBe('1.2.0');
    expect(v.replication.regions.map((x: { region: string }) => x.region)).toEqual(['East US', 'East US 2', 'West Europe', 'Southeast Asia']);
    expect(v.replicationSummary.state).toBe('replicating');
  });

  it('refuses a delete under --read-only in one line, exit 1', async () => {
    const r = await azimg(['images', 'delete', 'rg-images-dev/img-alma9-dev', '--yes', '--demo', '--read-only']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'azimg: ReadOnlyMode: azimg is in read-only mode: image rg-images-dev/img-alma9-dev was not deleted and no request was sent. (Run without --read-only to make changes.)',
    ]);
  });

  it('a missing image or gallery version is Azure\'s answer: one line, exit 1, by name as by path', async () => {
    const image = await azimg(['images', 'show', 'nope', '--demo']);
    expect(image.code).toBe(1);
    expect(image.stderr.trim().split('\n')).toEqual(['azimg: ResourceNotFound: No managed image named "nope" in this subscription. (List them with: azimg images ls)']);
    const version = await azimg(['galleries', 'show', 'gal_platform_prod/ubuntu-2204-web/9.9.9', '--demo']);
    expect(version.code).toBe(1);
    expect(version.stderr).toMatch(/^azimg: ResourceNotFound: /);
    expect(version.stderr.trim().split('\n')).toHaveLength(1);
    expect(image.stdout + version.stdout).toBe('');
  });

  it('says what to type for a bad gallery path, exit 2', async () => {
    const r = await azimg(['galleries', 'show', 'a/b/c/d', '--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: "a\/b\/c\/d" is not a gallery path\. Use GALLERY, GALLERY\/DEFINITION or GALLERY\/DEFINITION\/VERSION/);
    expect(r.stdout).toBe('');
  });
});

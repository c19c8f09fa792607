/**
 * The shape of the code, pinned: dependencies point one way (ui → domain ← azure), only
 * src/azure imports the Azure SDKs, and the emulator shares no code with the client (or it
 * would test nothing). Wiring lives in src/cli.ts and src/demo.ts alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

interface Import {
  file: string;
  spec: string;
  /** Folder under src/ the import resolves to (`domain`, `azure`, …), or the package name. */
  target: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  // `import x from 'm'`, `export … from 'm'`, `import 'm'` (side effect) and `import('m')`.
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    let target: string;
    if (spec.startsWith('.')) {
      const abs = resolve(dirname(file), spec);
      const rel = relative(SRC, abs);
      target = rel.startsWith('..') ? `outside:${rel}` : rel.split('/').length > 1 ? rel.split('/')[0]! : rel.replace(/\.js$/, '');
    } else {
      target = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    }
    out.push({ file: relative(SRC, file), spec, target });
  }
  return out;
}

const all = files(SRC).flatMap(importsOf);
const layer = (i: Import) => i.file.split('/')[0]!;
const isNodeBuiltin = (t: string) => t.startsWith('node:');

describe('architecture', () => {
  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it('keeps src/domain pure: no packages, no other layers', () => {
    const bad = all.filter((i) => layer(i) === 'domain' && (i.target !== 'domain' || isNodeBuiltin(i.target)));
    expect(bad).toEqual([]);
  });

  it('lets only src/azure import the Azure SDKs', () => {
    const bad = all.filter((i) => (i.target.startsWith('@azure/') || i.target.startsWith('@azure-rest/')) && layer(i) !== 'azure');
    expect(bad).toEqual([]);
  });

  it('keeps the UI and the shell output off the SDK layer and the emulator', () => {
    const bad = all.filter((i) => ['ui', 'shell'].includes(layer(i)) && ['azure', 'emulator'].includes(i.target));
    // `azimg emulator` is a shell command whose whole job is to run the emulator.
    expect(bad.filter((i) => i.file !== 'shell/emulator.ts')).toEqual([]);
  });

  it('keeps src/azure off the UI, the shell and the emulator', () => {
    const bad = all.filter((i) => layer(i) === 'azure' && ['ui', 'shell', 'emulator', 'cli', 'demo'].includes(i.target));
    expect(bad).toEqual([]);
  });

  it('keeps the emulator apart: it imports only itself and Node', () => {
    // Its throwaway CA and server certificate are written with node:crypto (tls.ts): the emulator
    // shares nothing with what it tests.
    const bad = all.filter((i) => layer(i) === 'emulator' && i.target !== 'emulator' && !isNodeBuiltin(i.target));
    expect(bad).toEqual([]);
  });

  it('keeps src/store (user files: the disk cache) on domain, Node and env-paths only', () => {
    const bad = all.filter((i) => layer(i) === 'store' && !['store', 'domain', 'env-paths'].includes(i.target) && !isNodeBuiltin(i.target));
    expect(bad).toEqual([]);
  });

  it('keeps the UI and src/azure off src/store: they get the cache through the domain interface', () => {
    const bad = all.filter((i) => ['ui', 'azure', 'domain', 'emulator'].includes(layer(i)) && i.target === 'store');
    expect(bad).toEqual([]);
  });

  it('lets UI components speak to Azure only through the Services interface', () => {
    const bad = all.filter((i) => layer(i) === 'ui' && !['ui', 'domain'].includes(i.target) && !isNodeBuiltin(i.target) && !/^(ink|react|ink-[a-z-]+)$/.test(i.target));
    expect(bad).toEqual([]);
  });
});

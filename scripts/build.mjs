// Bundles the app into dist/ with esbuild: one file to parse at start-up instead of hundreds
// (about 0.4 s to first frame instead of ~1 s). The Azure SDK sits behind dynamic imports, so
// code splitting keeps it out of the first chunk.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const stubDevtools = {
  name: 'stub-react-devtools',
  setup(b) {
    // Ink imports react-devtools-core only when DEV=true; keep it out of the bundle.
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { connectToDevTools() {} };', loader: 'js' }));
  },
};

// ComputeManagementClient's constructor wires all of its ~50 operation groups, so the bundle
// carried every group and model (~800 KB of the SDK chunk, parsed by every command that talks
// to Azure). Only the groups azimg uses (COMPUTE_GROUPS in src/azure/connection.ts, whose type
// lets nothing else compile) are wired here; esbuild then leaves the rest out. Any change in the
// SDK's constructor shape stops the build instead of shipping a client with groups missing.
function computeGroupsUsed() {
  const source = readFileSync('src/azure/connection.ts', 'utf8');
  const list = /export const COMPUTE_GROUPS = \[([^\]]*)\] as const;/.exec(source);
  if (!list) throw new Error('build: COMPUTE_GROUPS not found in src/azure/connection.ts');
  return new Set([...list[1].matchAll(/'(\w+)'/g)].map((m) => m[1]));
}

const computeGroups = {
  name: 'compute-groups-used',
  setup(b) {
    const keep = computeGroupsUsed();
    b.onLoad({ filter: /[\\/]@azure[\\/]arm-compute[\\/]dist[\\/]esm[\\/]computeManagementClient\.js$/ }, (args) => {
      let src = readFileSync(args.path, 'utf8');
      const wired = new Set();
      const dropped = new Set();
      src = src.replace(/^\s*this\.(\w+) =\s*(_get\w+Operations)\(this\._client\);$/gm, (line, group, getter) => {
        wired.add(group);
        if (keep.has(group)) return line;
        dropped.add(getter);
        return '';
      });
      const missing = [...keep].filter((g) => !wired.has(g));
      if (missing.length || wired.size < 20) throw new Error(`build: @azure/arm-compute's client no longer wires ${missing.join(', ') || 'its groups'} as expected; update scripts/build.mjs`);
      src = src.replace(/^import \{ (_get\w+Operations) \} from "[^"]+";\n/gm, (line, getter) => (dropped.has(getter) ? '' : line));
      return { contents: src, loader: 'js', resolveDir: args.path.replace(/[\\/][^\\/]+$/, '') };
    });
  },
};

// Commander loads node:child_process (and with it dgram, net's socket list…, ~7 ms here) for
// executable subcommands, which azimg has none of: it is required when first used instead.
const commanderLazySpawn = {
  name: 'commander-lazy-spawn',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!src.includes(eager)) {
        console.warn('build: commander no longer requires node:child_process as expected; it loads at start-up again');
        return undefined;
      }
      return { contents: src.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

// Build beside dist/ and swap it in with renames, so a bin/azimg started meanwhile (a test, a
// second terminal) never finds the build missing or half-written.
const next = `dist.next-${process.pid}`;
const old = `dist.old-${process.pid}`;
rmSync(next, { recursive: true, force: true });
const result = await build({
  // AZIMG_BUILD_META=FILE writes esbuild's metafile (which module went into which chunk, and sizes).
  metafile: Boolean(process.env.AZIMG_BUILD_META),
  entryPoints: { cli: 'src/cli.ts' },
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // NODE_ENV=production picks React's and react-reconciler's production builds (the development
  // reconciler alone is ~0.9 MB of the TUI chunk to parse at start-up, and checks every render).
  define: { 'process.env.DEV': '"false"', 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __azimgRequire } from 'node:module'; const require = __azimgRequire(import.meta.url);" },
  plugins: [stubDevtools, computeGroups, commanderLazySpawn],
});

if (process.env.AZIMG_BUILD_META) writeFileSync(process.env.AZIMG_BUILD_META, JSON.stringify(result.metafile));

try {
  renameSync('dist', old);
} catch (e) {
  if (e.code !== 'ENOENT') throw e;
}
renameSync(next, 'dist');
rmSync(old, { recursive: true, force: true });

/**
 * `azimg config path|show|reset`: where azimg keeps what it remembers, what is in it, and
 * forgetting it. The store is passed in (src/store/config.ts), so this file does no IO itself.
 */
import { describeSource, type RememberedContext } from '../domain/context.js';
import { json, safe, sheet, type Output } from './output.js';

export type ConfigAction = 'path' | 'show' | 'reset';

/** What this command needs of src/store/config.ts's ConfigStore. */
export interface ConfigStoreLike {
  path(): string;
  load(): { remembered: RememberedContext; warning?: string };
  reset(): { removed: boolean; warning?: string };
}

export interface ConfigArgs {
  action: ConfigAction;
  json?: boolean;
}

export function runConfig(store: ConfigStoreLike, args: ConfigArgs, output: Output): number {
  switch (args.action) {
    case 'path':
      output.out(store.path());
      return 0;
    case 'show': {
      const { remembered, warning } = store.load();
      if (warning) output.err(`azimg: ${safe(warning)}`);
      if (args.json) {
        output.out(json({ path: store.path(), ...remembered }));
        return 0;
      }
      const entries = Object.entries(remembered.lastSubscription);
      const rows: [string, string][] = [['file', store.path()]];
      rows.push(['last location', remembered.lastLocation ?? '(none)']);
      if (entries.length === 0) rows.push(['last subscription', '(none)']);
      for (const [key, id] of entries) {
        const [cloud, tenant] = key.split('|');
        rows.push([`last subscription`, `${id}  (${cloud}, ${tenant === '*' ? 'default tenant' : `tenant ${tenant}`})`]);
      }
      output.out(`Remembered by azimg (${describeSource('remembered')} unless a flag or the environment says otherwise):\n${sheet(rows)}`);
      return 0;
    }
    case 'reset': {
      const r = store.reset();
      if (r.warning) {
        output.err(`azimg: ${safe(r.warning)}`);
        return 1;
      }
      output.out(r.removed ? `Forgot everything azimg remembered (${store.path()}).` : `Nothing to forget: ${store.path()} does not exist.`);
      return 0;
    }
  }
}

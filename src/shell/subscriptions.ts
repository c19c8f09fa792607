/**
 * `azimg subscriptions ls [--json]`: every subscription the sign-in can see, with its state and
 * tenant; the current one marked, the ones the picker will not offer (disabled, warned) flagged.
 */
import { isSelectable, type Tenant } from '../domain/context.js';
import type { Services } from '../domain/services.js';
import { guarded } from './images.js';
import { json, safe, table, type Output } from './output.js';

export interface SubscriptionsArgs {
  json?: boolean;
}

export interface SubscriptionRow {
  id: string;
  name: string;
  state: string;
  tenantId?: string;
  tenantName?: string;
  /** The picker offers it (Enabled, PastDue). */
  selectable: boolean;
  /** The subscription this run is using. */
  current: boolean;
}

export async function listSubscriptionRows(services: Pick<Services, 'account' | 'connection'>): Promise<SubscriptionRow[]> {
  const [subs, tenants] = await Promise.all([
    services.account.listSubscriptions(),
    // Tenant names are a nicety: a sign-in that may not list tenants still lists its subscriptions.
    services.account.listTenants ? services.account.listTenants().catch((): Tenant[] => []) : Promise.resolve<Tenant[]>([]),
  ]);
  const current = services.connection.subscriptionId.toLowerCase();
  return subs.map((s) => {
    const t = tenants.find((x) => x.id.toLowerCase() === s.tenantId?.toLowerCase());
    return {
      id: s.id,
      name: safe(s.displayName),
      state: safe(s.state),
      tenantId: s.tenantId,
      tenantName: t ? safe(t.displayName) : undefined,
      selectable: isSelectable(s.state),
      current: s.id.toLowerCase() === current,
    };
  });
}

export async function runSubscriptions(services: Pick<Services, 'account' | 'connection'>, args: SubscriptionsArgs, output: Output): Promise<number> {
  return guarded(output, async () => {
    const rows = await listSubscriptionRows(services);
    if (args.json) {
      output.out(json(rows));
      return 0;
    }
    if (rows.length === 0) {
      output.err('azimg: this sign-in can see no subscriptions. Try --tenant <id>, or ask for access to one.');
      return 1;
    }
    output.out(
      table(
        ['', 'NAME', 'STATE', 'SUBSCRIPTION ID', 'TENANT'],
        rows.map((r) => [
          r.current ? '*' : '',
          r.name,
          r.selectable ? r.state : `${r.state} (not selectable)`,
          r.id,
          r.tenantName ? `${r.tenantName} (${r.tenantId})` : (r.tenantId ?? ''),
        ]),
        output.columns,
      ),
    );
    return 0;
  });
}

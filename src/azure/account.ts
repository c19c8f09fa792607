/** Subscriptions and tenants visible to the signed-in identity. */
import type { Tenant } from '../domain/context.js';
import type { AccountService } from '../domain/services.js';
import type { Subscription } from '../domain/types.js';
import type { ArmClients } from './connection.js';
import { call } from './errors.js';

export function createAccountService(clients: ArmClients): AccountService & Required<Pick<AccountService, 'listTenants'>> {
  return {
    /** Every subscription of the token's tenant, with its state (`Enabled`, `Warned`, `Disabled`, …) and tenant. */
    async listSubscriptions(opts) {
      const out: Subscription[] = [];
      await call(async () => {
        for await (const s of clients.subscriptions.subscriptions.list({ abortSignal: opts?.signal })) {
          if (!s.subscriptionId) continue;
          out.push({ id: s.subscriptionId, displayName: s.displayName ?? s.subscriptionId, state: s.state ?? 'Unknown', tenantId: s.tenantId });
        }
      });
      return out;
    },
    async listTenants(opts) {
      const out: Tenant[] = [];
      await call(async () => {
        for await (const t of clients.subscriptions.tenants.list({ abortSignal: opts?.signal })) {
          if (!t.tenantId) continue;
          out.push({ id: t.tenantId, displayName: t.displayName ?? t.defaultDomain ?? t.tenantId, defaultDomain: t.defaultDomain, category: t.tenantCategory });
        }
      });
      return out;
    },
  };
}

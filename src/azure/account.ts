/** Subscriptions visible to the signed-in identity. */
import type { AccountService } from '../domain/services.js';
import type { Subscription } from '../domain/types.js';
import type { ArmClients } from './connection.js';
import { call } from './errors.js';

export function createAccountService(clients: ArmClients): AccountService {
  return {
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
  };
}

/**
 * Builds the app's {@link Services} over the Azure SDKs. The entry point imports this lazily,
 * so the SDK is only loaded when a command needs Azure.
 */
import type { ActivityEvent, ActivityFeed, ConnectionInfo, Services } from '../domain/services.js';
import { createAccountService } from './account.js';
import { createCatalogService } from './catalog.js';
import { createArmClients, type ConnectionConfig, type ConnectionObserver } from './connection.js';
import { createEstateServices } from './estate.js';
import { createTermsService } from './terms.js';

export type { ConnectionConfig, ConnectionObserver, CredentialSpec, RetryInfo } from './connection.js';
export { PUBLIC_ARM_ENDPOINT } from './connection.js';
export type { TokenCredential } from '@azure/core-auth';
export { signIn, type DeviceCodePrompt, type SignInFailure, type SignInResult } from './signin.js';

/** The pipeline's observer, fanned out to whoever subscribed (status line, shell stderr). */
function createActivityFeed(): { feed: ActivityFeed; observer: ConnectionObserver } {
  const listeners = new Set<(e: ActivityEvent) => void>();
  const emit = (e: ActivityEvent) => {
    for (const l of listeners) l(e);
  };
  return {
    feed: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    observer: {
      inFlight: (inFlight) => emit({ kind: 'requests', inFlight }),
      retry: (r) => emit({ kind: 'retry', ...r }),
    },
  };
}

export async function createAzureServices(config: ConnectionConfig, info: ConnectionInfo): Promise<Services> {
  const { feed, observer } = createActivityFeed();
  const extra = config.observer;
  const clients = await createArmClients({
    ...config,
    observer: {
      inFlight: (n) => {
        observer.inFlight?.(n);
        extra?.inFlight?.(n);
      },
      retry: (r) => {
        observer.retry?.(r);
        extra?.retry?.(r);
      },
    },
  });
  return {
    connection: info,
    activity: feed,
    catalog: createCatalogService(clients),
    account: createAccountService(clients),
    ...createEstateServices(clients),
    terms: createTermsService(clients),
  };
}

/**
 * Builds the app's {@link Services} over the Azure SDKs. The entry point imports this lazily,
 * so the SDK is only loaded when a command needs Azure.
 */
import type { ConnectionInfo, Services } from '../domain/services.js';
import { createAccountService } from './account.js';
import { createCatalogService } from './catalog.js';
import { createArmClients, type ConnectionConfig } from './connection.js';
import { createEstateServices } from './estate.js';

export type { ConnectionConfig, ConnectionObserver, CredentialSpec } from './connection.js';
export { PUBLIC_ARM_ENDPOINT } from './connection.js';

export async function createAzureServices(config: ConnectionConfig, info: ConnectionInfo): Promise<Services> {
  const clients = await createArmClients(config);
  return {
    connection: info,
    catalog: createCatalogService(clients),
    account: createAccountService(clients),
    ...createEstateServices(clients),
  };
}

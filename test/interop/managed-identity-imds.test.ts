/**
 * Virtual machine managed identity (IMDS): `GET /metadata/identity/oauth2/token` with
 * `Metadata: true`, api-version 2018-02-01. `AZURE_POD_IDENTITY_AUTHORITY_HOST` is the documented
 * way to move IMDS off 169.254.169.254 (AKS pod identity); here it points at the emulator.
 * See managed-identity-suite.ts.
 */
import { managedIdentitySuite } from './managed-identity-suite.js';

managedIdentitySuite({
  name: 'virtual machine (IMDS)',
  env: (url) => ({ AZURE_POD_IDENTITY_AUTHORITY_HOST: url }),
  route: '/metadata/identity/oauth2/token',
  apiVersion: '2018-02-01',
});

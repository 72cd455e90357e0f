import { createHmac } from 'node:crypto';
import type { MaillageConfig } from '@maillage/config';

/**
 * The admin API's bearer token: MAILLAGE_ADMIN_TOKEN, or in demo mode one derived from the hub
 * secret (printed at start), or null — the admin API is then closed.
 */
export function adminTokenOf(config: MaillageConfig): string | null {
  if (config.connectors.adminToken) return config.connectors.adminToken;
  if (!config.connectors.demo) return null;
  return `mla_${createHmac('sha256', config.hubSecret).update('demo-admin-token').digest('base64url')}`;
}

import type { MaillageConfig } from '@maillage/config';
import {
  openPersonalDataOperations,
  type PersonalDataOperationsOptions,
} from '../retention/open-personal-data-operations';
import type { CitizenErasure } from './citizen-erasure';

/**
 * A `CitizenErasure` on the configured stores, outside the hub process; `close` releases every
 * connection. See `openPersonalDataOperations`: redactors and the security log are handed in by
 * the caller (the command line opens the webhook dead letters' and the security log's).
 */
export async function openCitizenErasure(
  config: MaillageConfig,
  options: PersonalDataOperationsOptions = {},
): Promise<{ readonly erasure: CitizenErasure; close(): Promise<void> }> {
  const opened = await openPersonalDataOperations(config, options);
  return { erasure: opened.erasure, close: () => opened.close() };
}

import type { DialectId, NativeMessage } from '../dialect';
import { DIALECTS } from '../dialect-registry';
import { encodeContext } from './sample-contexts';
import { REQUEST_FILED, SAMPLE_HISTORY } from './sample-events';

/** What each dialect's tool receives in the sample scenario (the README's outbound examples). */
export const SAMPLE_RECEIVERS: Readonly<
  Record<DialectId, { role: 'origin' | 'target'; externalId: string }>
> = {
  'commune-v1': { role: 'origin', externalId: 'GIEN-2026-000123' },
  'epci-v1': { role: 'target', externalId: 'CCG-2026-000456' },
  'departement-v1': { role: 'target', externalId: 'D45-2026-0000456' },
  'open311-v2': { role: 'origin', externalId: 'GIEN-2026-000123' },
};

/**
 * The sample history encoded for one dialect's tool, plus the filed request as a target with no
 * id of its own yet receives it; one message per kind (the first of each).
 */
export function sampleOutbound(dialect: DialectId): Map<string, NativeMessage> {
  const { role, externalId } = SAMPLE_RECEIVERS[dialect];
  const messages = new Map<string, NativeMessage>();
  const add = (message: NativeMessage | null) => {
    if (message !== null && !messages.has(message.kind)) messages.set(message.kind, message);
  };
  add(DIALECTS[dialect].encode(REQUEST_FILED, encodeContext(dialect, 'target', null)));
  add(
    DIALECTS[dialect].encode(REQUEST_FILED, encodeContext(dialect, 'origin', 'GIEN-2026-000123')),
  );
  for (const event of SAMPLE_HISTORY)
    add(DIALECTS[dialect].encode(event, encodeContext(dialect, role, externalId)));
  return messages;
}

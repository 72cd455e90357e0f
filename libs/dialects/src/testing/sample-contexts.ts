import type { DialectContext, DialectId, EncodeContext } from '../dialect';

/*
 * The README's scenario: Gien's town hall (commune:45155), the CC Giennoises (epci:244500211),
 * the Loiret (departement:45), and an Open311 citizen app for Gien.
 */

export const HUB_ID = '0b6f3c1e-5a2d-4c8e-9f10-2b3c4d5e6f70';

export const CONTEXTS: Readonly<Record<DialectId, DialectContext>> = {
  'commune-v1': { authority: 'commune:45155', defaultInseeCode: '45155', timeZone: 'Europe/Paris' },
  'epci-v1': { authority: 'epci:244500211', defaultInseeCode: null, timeZone: 'Europe/Paris' },
  'departement-v1': {
    authority: 'departement:45',
    defaultInseeCode: null,
    timeZone: 'Europe/Paris',
  },
  'open311-v2': { authority: 'commune:45155', defaultInseeCode: '45155', timeZone: 'Europe/Paris' },
};

/** The context of a tool receiving an event about the sample request. */
export function encodeContext(
  dialect: DialectId,
  role: EncodeContext['role'],
  externalId: string | null = null,
): EncodeContext {
  return { ...CONTEXTS[dialect], role, externalId, category: 'roads.departmental' };
}

import type { Dialect } from '../dialect';
import { guardDecoder } from '../decoding/guard-decoder';
import type { InboundEncoder } from '../inbound-encoder';
import { encodeCommuneEvent } from './commune.encode';
import { decodeCommuneFiling } from './commune.filing.decode';
import { encodeCommuneFiling, encodeCommuneUpdate } from './commune.inbound-encode';
import { decodeCommuneUpdate } from './commune.update.decode';

/**
 * `commune-v1`: a town hall's GRC tool. French camelCase fields, local times `JJ/MM/AAAA HH:mm`
 * without an offset, four statuses. See schemas/dialects/commune-v1/README.md.
 */
export const communeV1: Dialect & InboundEncoder = {
  id: 'commune-v1',
  schemaId: 'https://maillage.example/schemas/dialects/commune-v1/commune-v1.schema.json',
  decodeFiling: guardDecoder(decodeCommuneFiling),
  decodeUpdate: guardDecoder(decodeCommuneUpdate),
  encode: encodeCommuneEvent,
  encodeFiling: encodeCommuneFiling,
  encodeUpdate: encodeCommuneUpdate,
};

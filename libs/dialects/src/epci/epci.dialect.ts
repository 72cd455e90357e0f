import type { Dialect } from '../dialect';
import { guardDecoder } from '../decoding/guard-decoder';
import type { InboundEncoder } from '../inbound-encoder';
import { encodeEpciEvent } from './epci.encode';
import { decodeEpciFiling } from './epci.filing.decode';
import { encodeEpciFiling, encodeEpciUpdate } from './epci.inbound-encode';
import { decodeEpciUpdate } from './epci.update.decode';

/**
 * `epci-v1`: an intercommunality's ticketing tool. snake_case English fields nested in `ticket`,
 * ids like `CCG-2026-000123`, ISO 8601 times with an offset, integer status codes.
 * See schemas/dialects/epci-v1/README.md.
 */
export const epciV1: Dialect & InboundEncoder = {
  id: 'epci-v1',
  schemaId: 'https://maillage.example/schemas/dialects/epci-v1/epci-v1.schema.json',
  decodeFiling: guardDecoder(decodeEpciFiling),
  decodeUpdate: guardDecoder(decodeEpciUpdate),
  encode: encodeEpciEvent,
  encodeFiling: encodeEpciFiling,
  encodeUpdate: encodeEpciUpdate,
};

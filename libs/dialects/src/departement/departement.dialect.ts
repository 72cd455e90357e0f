import type { Dialect } from '../dialect';
import { guardDecoder } from '../decoding/guard-decoder';
import type { InboundEncoder } from '../inbound-encoder';
import { encodeDepartementEvent } from './departement.encode';
import { decodeDepartementFiling } from './departement.filing.decode';
import { encodeDepartementFiling, encodeDepartementUpdate } from './departement.inbound-encode';
import { decodeDepartementUpdate } from './departement.update.decode';

/**
 * `departement-v1`: a département's citizen-relations tool. One flat object of UPPER_CASE codes,
 * ids like `D45-2026-0000123`, ISO 8601 times (UTC, offset, or local), eight statuses.
 * See schemas/dialects/departement-v1/README.md.
 */
export const departementV1: Dialect & InboundEncoder = {
  id: 'departement-v1',
  schemaId: 'https://maillage.example/schemas/dialects/departement-v1/departement-v1.schema.json',
  decodeFiling: guardDecoder(decodeDepartementFiling),
  decodeUpdate: guardDecoder(decodeDepartementUpdate),
  encode: encodeDepartementEvent,
  encodeFiling: encodeDepartementFiling,
  encodeUpdate: encodeDepartementUpdate,
};

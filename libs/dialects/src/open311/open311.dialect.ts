import type { DecodeResult, DecodedUpdate, Dialect } from '../dialect';
import { guardDecoder } from '../decoding/guard-decoder';
import { refusedWith } from '../decoding/refusal';
import type { InboundEncoder } from '../inbound-encoder';
import { encodeOpen311Event } from './open311.encode';
import { decodeOpen311Filing } from './open311.filing.decode';
import { encodeOpen311Filing } from './open311.inbound-encode';

/** GeoReport v2 has no update request: clients follow a request with `GET requests/{id}`. */
function decodeOpen311Update(): DecodeResult<DecodedUpdate> {
  return refusedWith(
    '',
    'no update: GeoReport v2 lets clients file requests and follow them (GET requests/{id}.json), not change them',
    'DIALECT.UNSUPPORTED',
  );
}

/**
 * `open311-v2`: the public Open311 GeoReport v2 standard (http://wiki.open311.org/GeoReport_v2).
 * See schemas/dialects/open311-v2/README.md.
 */
export const open311V2: Dialect & InboundEncoder = {
  id: 'open311-v2',
  schemaId: 'https://maillage.example/schemas/dialects/open311-v2/open311-v2.schema.json',
  decodeFiling: guardDecoder(decodeOpen311Filing),
  decodeUpdate: decodeOpen311Update,
  encode: encodeOpen311Event,
  encodeFiling: encodeOpen311Filing,
  encodeUpdate: () => null,
};

import type { DecodedFiling, DialectContext } from '../dialect';
import { OPEN311_VOCABULARY } from './open311.vocabulary';

/** A stand-in device id: a mobile app sends one, and that is how the channel is told. */
const SIMULATED_DEVICE = 'maillage-simulator';

/**
 * A canonical filing as the JSON arguments of the `POST requests` a GeoReport v2 client would
 * send. What Open311 cannot carry is left out: the tool's id (the hub derives one), the filing
 * time, the citizen's postal address, channels other than web and mobile app, every attachment
 * but the first.
 */
export function encodeOpen311Filing(
  filing: DecodedFiling,
  _context: DialectContext,
): Record<string, unknown> {
  const { location, citizen } = filing;
  const media = filing.attachments[0];
  return {
    jurisdiction_id: location.inseeCode,
    service_code: OPEN311_VOCABULARY.serviceFor(filing.category)?.code ?? filing.category,
    description: filing.description,
    ...(location.coordinates === undefined
      ? {}
      : { lat: location.coordinates.lat, long: location.coordinates.lon }),
    ...(location.address === undefined ? {} : { address_string: location.address }),
    ...(citizen?.email === undefined ? {} : { email: citizen.email }),
    ...(citizen?.name === undefined ? {} : { last_name: citizen.name }),
    ...(citizen?.phone === undefined ? {} : { phone: citizen.phone }),
    ...(media === undefined ? {} : { media_url: media.url }),
    ...(filing.channel === 'mobile_app' ? { device_id: SIMULATED_DEVICE } : {}),
  };
}

import { RequestIds } from './request-ids';

describe('RequestIds', () => {
  const ids = new RequestIds('s'.repeat(32));
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('derives the same request id for the same tool and external id, and another for anything else', () => {
    const id = ids.forExternalRequest('commune:45155', 'GIEN-1');
    expect(id).toMatch(uuid);
    expect(ids.forExternalRequest('commune:45155', 'GIEN-1')).toBe(id);
    expect(ids.forExternalRequest('commune:45155', 'GIEN-2')).not.toBe(id);
    expect(ids.forExternalRequest('commune:45156', 'GIEN-1')).not.toBe(id);
  });

  it('keeps parts apart: (a, bc) and (ab, c) never collide', () => {
    expect(ids.forExternalRequest('commune:4515', '5GIEN')).not.toBe(
      ids.forExternalRequest('commune:45155', 'GIEN'),
    );
  });

  it('cannot be guessed without the secret', () => {
    const other = new RequestIds('t'.repeat(32));
    expect(other.forExternalRequest('commune:45155', 'GIEN-1')).not.toBe(
      ids.forExternalRequest('commune:45155', 'GIEN-1'),
    );
  });

  it('gives one subject id per citizen contact, whatever its case and spaces', () => {
    expect(ids.forCitizen(' Camille.Martin@Example.org ')).toBe(
      ids.forCitizen('camille.martin@example.org'),
    );
    expect(ids.forIdempotentEvent('commune:45155', 'k', 0)).not.toBe(
      ids.forIdempotentEvent('commune:45155', 'k', 1),
    );
  });
});

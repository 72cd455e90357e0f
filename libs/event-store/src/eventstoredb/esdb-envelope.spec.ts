import { randomUUID } from 'node:crypto';

import { chainEvents } from '../append/chain-events';
import { prepareAppend } from '../append/prepared-append';
import { computeEventHash } from '../integrity/event-hash';
import { anEvent } from '../testing/contract-fixture';
import { esdbPosition, fromEsdbEvent, toEsdbEvent } from './esdb-envelope';
import { toEsdbEventId } from './esdb-event-id';

/** What can be checked of the EventStoreDB mapping without a server. */
describe('EventStoreDB envelope', () => {
  it('reads back, from what it writes, the same recorded event and a verifiable hash', () => {
    const prepared = prepareAppend(
      'request-1',
      [anEvent('RequestFiled', { a: 1 }, { name: 'Jeanne' })],
      'no_stream',
    );
    const [chained] = chainEvents(
      'request-1',
      prepared.events,
      0,
      null,
      '2025-01-02T03:04:05.678Z',
    );
    const written = toEsdbEvent(chained!);
    // What the client hands back: JSON round trip of data and metadata, bigint positions.
    const readBack = fromEsdbEvent({
      streamId: 'request-1',
      id: written.id,
      revision: 0n,
      type: written.type,
      created: new Date(),
      isJson: true,
      data: JSON.parse(JSON.stringify(written.data)),
      metadata: JSON.parse(JSON.stringify(written.metadata)),
      position: { commit: 4242n, prepare: 4242n },
    });

    const { dataJson: _d, personalJson: _p, metadataJson: _m, ...expected } = chained!;
    expect(readBack).toEqual({ ...expected, position: 4242 });
    expect(computeEventHash(readBack)).toBe(readBack.hash);
  });

  it('keeps UUID event ids and maps other ids to stable UUIDs', () => {
    const uuid = randomUUID();
    expect(toEsdbEventId(uuid.toUpperCase())).toBe(uuid);
    const mapped = toEsdbEventId('commune-45155:req-17:filed');
    expect(mapped).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toEsdbEventId('commune-45155:req-17:filed')).toBe(mapped);
    expect(toEsdbEventId('commune-45155:req-17:routed')).not.toBe(mapped);
  });

  it('refuses an event without a log position rather than inventing one', () => {
    expect(() => esdbPosition({ streamId: 's', revision: 0n })).toThrow('22.6');
    expect(() =>
      esdbPosition({
        streamId: 's',
        revision: 0n,
        position: { commit: 2n ** 64n - 1n, prepare: 0n },
      }),
    ).toThrow('22.6');
  });
});

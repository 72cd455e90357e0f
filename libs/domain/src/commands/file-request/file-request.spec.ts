import { foldEvents } from '../../state/fold-events';
import { initialState } from '../../state/initial-state';
import { given } from '../../testing/given-when-then';
import { historyOf } from '../../testing/history';
import { fileRequest, GIEN, LOIRET, REQUEST_ID } from '../../testing/sample-commands';
import type { FileRequest } from './file-request.command';
import { decideFileRequest } from './file-request.decide';

describe('FileRequest', () => {
  it('files the request and routes it in the same decision', () => {
    given([])
      .when(fileRequest())
      .then([
        {
          type: 'RequestFiled',
          data: {
            requestId: REQUEST_ID,
            source: { authority: GIEN, connector: 'gien-grc', externalId: 'GIEN-2026-0042' },
            channel: 'counter',
            category: 'roads.departmental',
            description: 'Nid-de-poule dangereux sur la RD 940',
            location: {
              inseeCode: '45155',
              address: 'RD 940, 45500 Gien',
              coordinates: { lat: 47.69, lon: 2.63 },
            },
            attachments: [
              {
                url: 'https://grc.gien.fr/pieces/1.jpg',
                mediaType: 'image/jpeg',
                name: 'trou.jpg',
              },
            ],
            filedAt: '2026-11-29T09:15:00+01:00',
          },
          personal: {
            subjectId: 'b7e0f7a4-3c1d-8e2f-9a0b-1c2d3e4f5a6b',
            name: 'Camille Martin',
            email: 'camille.martin@example.org',
          },
        },
        {
          type: 'RequestRouted',
          data: {
            requestId: REQUEST_ID,
            targets: [LOIRET],
            rule: { id: 'roads.departmental', version: 'builtin-1' },
            reason:
              'roads.departmental is a departmental competence; commune 45155 is in département 45',
          },
          personal: null,
        },
      ]);
  });

  it('leaves the routed request open, with the origin and its targets', () => {
    expect(foldEvents(historyOf(fileRequest()))).toStrictEqual({
      status: 'routed',
      lifecycle: 'open',
      requestId: REQUEST_ID,
      origin: GIEN,
      source: { authority: GIEN, connector: 'gien-grc', externalId: 'GIEN-2026-0042' },
      category: 'roads.departmental',
      targets: [LOIRET],
      acknowledgements: {},
    });
  });

  it('records no personal data when no citizen is given, and no optional field left undefined', () => {
    const [filed] = decideFileRequest(
      fileRequest({
        citizen: null,
        location: { inseeCode: '2A004' },
        attachments: [{ url: 'https://x.fr/a.pdf' }],
        description: '',
      }),
      initialState(),
    );
    expect(filed).toStrictEqual(
      expect.objectContaining({
        personal: null,
        data: expect.objectContaining({
          location: { inseeCode: '2A004' },
          attachments: [{ url: 'https://x.fr/a.pdf' }],
        }),
      }),
    );
    expect(JSON.stringify(filed)).not.toContain('undefined');
    expect(Object.keys(filed.data.location)).toEqual(['inseeCode']);
  });

  it('keeps only canonical fields: extra properties smuggled in at runtime never reach the log', () => {
    const smuggled = {
      ...fileRequest(),
      location: { inseeCode: '45155', secret: 'x' },
      citizen: { subjectId: 's-1', ssn: '1 85 05 45 155 001 42' },
      attachments: [{ url: 'https://x.fr/a.pdf', size: 12 }],
    } as unknown as FileRequest;
    const text = JSON.stringify(historyOf(smuggled));
    expect(text).not.toContain('secret');
    expect(text).not.toContain('ssn');
    expect(text).not.toContain('size');
  });

  it('does not alias the command: changing it afterwards does not change the events', () => {
    const command = fileRequest();
    const events = historyOf(command);
    const before = JSON.stringify(events);
    command.routing.targets.push('epci:244500211');
    command.attachments.push({ url: 'https://x.fr/b.pdf' });
    expect(JSON.stringify(events)).toBe(before);
  });

  it('refuses a second filing on the same stream, whatever it contains', () => {
    given(historyOf(fileRequest())).when(fileRequest()).then('REQUEST.ALREADY_FILED', 'requestId');
    given(historyOf(fileRequest()))
      .when(fileRequest({ description: 'changed', category: '' }))
      .then('REQUEST.ALREADY_FILED', 'requestId');
  });

  it('refuses to file on behalf of another authority', () => {
    given([])
      .when(fileRequest({ source: { authority: LOIRET, connector: null, externalId: 'CD45-1' } }))
      .then('REQUEST.NOT_INVOLVED', 'source.authority');
  });

  const base = fileRequest();
  it.each<[string, Partial<FileRequest>]>([
    ['requestId', { requestId: 'GIEN-2026-0042' }],
    ['requestId', { requestId: REQUEST_ID.toUpperCase() }],
    ['actor.authority', { actor: { authority: 'mairie-de-gien', connector: null } }],
    ['actor.connector', { actor: { authority: GIEN, connector: ' ' } }],
    ['source.authority', { source: { ...base.source, authority: 'commune:4515' } }],
    ['source.externalId', { source: { ...base.source, externalId: '  ' } }],
    ['source.connector', { source: { ...base.source, connector: '' } }],
    ['channel', { channel: 'fax' as FileRequest['channel'] }],
    ['category', { category: '' }],
    ['description', { description: 42 as unknown as string }],
    ['location.inseeCode', { location: { inseeCode: 'Gien' } }],
    [
      'location.coordinates.lat',
      { location: { inseeCode: '45155', coordinates: { lat: 91, lon: 2 } } },
    ],
    [
      'location.coordinates.lon',
      { location: { inseeCode: '45155', coordinates: { lat: 47, lon: Number.NaN } } },
    ],
    ['attachments[0].url', { attachments: [{ url: 'trou.jpg' }] }],
    [
      'attachments[1].mediaType',
      { attachments: [{ url: 'https://x.fr/a' }, { url: 'https://x.fr/b', mediaType: 'jpeg' }] },
    ],
    ['citizen.subjectId', { citizen: { subjectId: '', name: 'Camille Martin' } }],
    ['filedAt', { filedAt: '2026-11-29 09:15' }],
    ['filedAt', { filedAt: '2026-11-29T09:15:00' }],
    ['filedAt', { filedAt: '2026-02-29T09:15:00Z' }],
    ['routing.targets', { routing: { ...base.routing, targets: [] } }],
    ['routing.targets', { routing: { ...base.routing, targets: [LOIRET, LOIRET] } }],
    ['routing.targets[1]', { routing: { ...base.routing, targets: [LOIRET, 'loiret'] } }],
    ['routing.rule.id', { routing: { ...base.routing, rule: { id: '', version: '1' } } }],
    ['routing.rule.version', { routing: { ...base.routing, rule: { id: 'r', version: ' ' } } }],
    ['routing.reason', { routing: { ...base.routing, reason: '' } }],
  ])('refuses invalid input, naming the field: %s', (field, overrides) => {
    given([]).when(fileRequest(overrides)).then('REQUEST.INVALID', field);
  });
});

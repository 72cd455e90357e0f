import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EraseCitizenDto } from '../citizens/erase-citizen.dto';
import { UpdateConnectorDto } from '../connectors/dto/update-connector.dto';
import { CreateSubscriptionDto } from '../subscriptions/create-subscription.dto';
import { AddCommentDto } from '../requests/dto/add-comment.dto';
import { ChangeStatusDto } from '../requests/dto/change-status.dto';
import { CloseDto } from '../requests/dto/close.dto';
import { FileRequestDto } from '../requests/dto/file-request.dto';
import { TransferDto } from '../requests/dto/transfer.dto';
import { ValidEntityAcceptor } from './valid-entity.acceptor';

/** The options `configureHttpApplication` gives `ValidationPipe`. */
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

const filing = {
  source: { externalId: 'GIEN-2026-000123' },
  channel: 'counter',
  category: 'roads.departmental',
  description: 'Nid-de-poule dangereux sur la RD 940',
  location: {
    inseeCode: '45155',
    address: 'RD 940, 45500 Gien',
    coordinates: { lat: 47.69, lon: 2.63 },
  },
  citizen: {
    name: 'Camille Martin',
    email: 'camille.martin@example.org',
    phone: '+33 6 12 34 56 78',
  },
  attachments: [{ url: 'https://grc.gien.fr/pieces/123.jpg', mediaType: 'image/jpeg' }],
  filedAt: '2026-11-29T09:15:00+01:00',
};

const validBodies: [string, new () => object, object][] = [
  ['a full filing', FileRequestDto, filing],
  [
    'a minimal filing',
    FileRequestDto,
    {
      source: { externalId: 'X-1' },
      channel: 'web',
      category: 'roads',
      description: 'd',
      location: { inseeCode: '2A004' },
    },
  ],
  ['a status change', ChangeStatusDto, { to: 'in_progress', raw: { code: 'P', label: 'Prog' } }],
  ['a transfer', TransferDto, { to: ['epci:244500211'], reason: 'compétence' }],
  [
    'coordinates written with an exponent',
    FileRequestDto,
    { ...filing, location: { inseeCode: '45155', coordinates: { lat: 5e-7, lon: -1e-300 } } },
  ],
  [
    'a webhook set to null (declared nullable)',
    UpdateConnectorDto,
    { delivery: { webhook: null } },
  ],
];

const invalidFilings: [string, object][] = [
  ['an unknown field', { ...filing, status: 'closed' }],
  ['an unknown nested field', { ...filing, source: { externalId: 'X', authority: 'commune:1' } }],
  ['a missing field', { ...filing, description: undefined }],
  ['an empty description', { ...filing, description: '' }],
  ['a bad channel', { ...filing, channel: 'fax' }],
  ['a bad category', { ...filing, category: 'Roads' }],
  ['a nested object as a string', { ...filing, location: '45155' }],
  ['a bad INSEE code', { ...filing, location: { inseeCode: '4515' } }],
  [
    'a bad latitude',
    { ...filing, location: { inseeCode: '45155', coordinates: { lat: 95, lon: 0 } } },
  ],
  ['a bad e-mail', { ...filing, citizen: { email: 'camille' } }],
  ['a null citizen', { ...filing, citizen: null, location: { inseeCode: '1' } }],
  ['an attachment that is not an object', { ...filing, attachments: ['https://x.fr/a.jpg'] }],
  ['an attachment without URL', { ...filing, attachments: [{ name: 'a.jpg' }] }],
  ['too many attachments', { ...filing, attachments: Array(21).fill(filing.attachments[0]) }],
  ['attachments that are not an array', { ...filing, attachments: { url: 'https://x.fr' } }],
  ['a filedAt without zone', { ...filing, filedAt: '2026-11-29T09:15:00' }],
  ['an attachment that is an array', { ...filing, attachments: [[]] }],
  [
    'a latitude as a string',
    { ...filing, location: { inseeCode: '45155', coordinates: { lat: '47', lon: 2 } } },
  ],
];

/** Optional fields the document does not declare nullable: null is refused, not skipped. */
const nullFields: [string, new () => object, object][] = [
  ['filedAt', FileRequestDto, { ...filing, filedAt: null }],
  ['citizen', FileRequestDto, { ...filing, citizen: null }],
  ['attachments', FileRequestDto, { ...filing, attachments: null }],
  [
    'location.address',
    FileRequestDto,
    { ...filing, location: { inseeCode: '45155', address: null } },
  ],
  ['citizen.email', FileRequestDto, { ...filing, citizen: { email: null } }],
  ['visibility', AddCommentDto, { text: 'ok', visibility: null }],
  ['note', ChangeStatusDto, { to: 'in_progress', raw: { code: 'P', label: 'Prog' }, note: null }],
  ['raw', CloseDto, { outcome: 'resolved', raw: null }],
  ['eventTypes', CreateSubscriptionDto, { eventTypes: null }],
  ['timeZone', UpdateConnectorDto, { timeZone: null }],
  [
    'subjectId',
    EraseCitizenDto,
    { subjectId: null, contact: 'a@b.fr', legalBasis: 'rgpd_art17_1b', requester: 'DPO' },
  ],
];

describe('ValidEntityAcceptor', () => {
  const acceptor = new ValidEntityAcceptor();

  it.each(validBodies)('accepts %s, as class-validator does', async (_, dto, body) => {
    const entity = plainToInstance(dto, body);
    expect(await validate(entity, OPTIONS)).toEqual([]);
    expect(acceptor.accepts(entity)).toBe(true);
  });

  it.each(invalidFilings)('leaves %s to class-validator, which refuses it', async (_, body) => {
    const entity = plainToInstance(FileRequestDto, body);
    expect(await validate(entity, OPTIONS)).not.toEqual([]);
    expect(acceptor.accepts(entity)).toBe(false);
  });

  it.each(nullFields)(
    'refuses null for %s, as class-validator does (and names it)',
    async (field, dto, body) => {
      const entity = plainToInstance(dto, body);
      const errors = await validate(entity, OPTIONS);
      expect(JSON.stringify(errors)).toContain(`"property":"${field.split('.').pop()!}"`);
      expect(acceptor.accepts(entity)).toBe(false);
    },
  );

  it('accepts an own `constructor` key, dropped on the way as ValidationPipe drops it', () => {
    const entity = plainToInstance(FileRequestDto, { ...filing, constructor: 1 });
    expect(Object.keys(entity)).not.toContain('constructor');
    expect(acceptor.accepts(entity)).toBe(true);
  });

  it('refuses a class without validation rules (forbidUnknownValues)', () => {
    expect(acceptor.accepts({ any: 'thing' })).toBe(false);
  });
});

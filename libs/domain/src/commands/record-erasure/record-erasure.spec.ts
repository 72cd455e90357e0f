import type { PersonalDataErased } from '../../events/personal-data-erased.event';
import { foldEvents } from '../../state/fold-events';
import { given } from '../../testing/given-when-then';
import { historyOf } from '../../testing/history';
import {
  close,
  fileRequest,
  GIEN,
  LOIRET,
  recordErasure,
  REQUEST_ID,
  SUBJECT_ID,
} from '../../testing/sample-commands';

const erased: PersonalDataErased = {
  type: 'PersonalDataErased',
  data: {
    requestId: REQUEST_ID,
    subjectId: SUBJECT_ID,
    erasureId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
    legalBasis: 'rgpd_art17_1b',
    requester: 'DPO commune:45155, demande RGPD-2026-014',
  },
  personal: null,
};

describe('RecordErasure', () => {
  it("records that the citizen's data was erased, and nothing personal", () => {
    given(historyOf(fileRequest())).when(recordErasure()).then([erased]);
  });

  it('records it on a closed request too, leaving its status and lifecycle as they were', () => {
    const history = historyOf(fileRequest(), close(LOIRET, 'resolved'));
    given(history).when(recordErasure()).then([erased]);
    expect(foldEvents([...history, erased])).toMatchObject({
      status: 'resolved',
      lifecycle: 'closed',
      targets: [LOIRET],
      erasedSubjects: [SUBJECT_ID],
    });
  });

  it('records nothing the second time, even under another erasure id', () => {
    const history = historyOf(fileRequest(), recordErasure());
    given(history).when(recordErasure()).then([]);
    given(history)
      .when(recordErasure({ erasureId: '00000000-0000-4000-8000-000000000001' }))
      .then([]);
  });

  it('refuses a request that was never filed', () => {
    given([]).when(recordErasure()).then('REQUEST.NOT_FOUND');
  });

  it.each([
    ['subjectId', { subjectId: ' ' }],
    ['erasureId', { erasureId: 'erasure-1' }],
    ['legalBasis', { legalBasis: 'because' as never }],
    ['requester', { requester: '' }],
    ['actor.authority', { actor: { authority: 'Gien', connector: null } }],
  ])('refuses a malformed %s', (field, overrides) => {
    given(historyOf(fileRequest())).when(recordErasure(overrides)).then('REQUEST.INVALID', field);
  });

  it('is recorded for the authority that collected the data, without a connector', () => {
    expect(recordErasure().actor).toEqual({ authority: GIEN, connector: null });
  });
});

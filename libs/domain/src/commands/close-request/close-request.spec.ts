import { CLOSE_OUTCOMES } from '../../status/close-outcome';
import { foldEvents } from '../../state/fold-events';
import { given } from '../../testing/given-when-then';
import { historyOf, historyReaching } from '../../testing/history';
import {
  close,
  fileRequest,
  GIEN,
  LOIRET,
  ORLEANS,
  REQUEST_ID,
} from '../../testing/sample-commands';

describe('CloseRequest', () => {
  it.each(CLOSE_OUTCOMES)('closes with outcome %s, which becomes the status', (outcome) => {
    const history = historyOf(fileRequest());
    const closed = {
      type: 'RequestClosed' as const,
      data: {
        requestId: REQUEST_ID,
        authority: LOIRET,
        outcome,
        raw: { code: 'CLOS', label: 'Clôturé' },
        note: null,
      },
      personal: null,
    };
    given(history).when(close(LOIRET, outcome)).then([closed]);
    expect(foldEvents([...history, closed])).toMatchObject({
      status: outcome,
      lifecycle: 'closed',
    });
  });

  it.each(['received', 'in_progress', 'waiting_for_citizen', 'resolved', 'rejected'] as const)(
    'closes from %s, and from the origin as well',
    (status) => {
      given(historyReaching(status))
        .when(close(GIEN, 'resolved', { raw: null, note: 'Réparé par la commune' }))
        .then([
          {
            type: 'RequestClosed',
            data: {
              requestId: REQUEST_ID,
              authority: GIEN,
              outcome: 'resolved',
              raw: null,
              note: 'Réparé par la commune',
            },
            personal: null,
          },
        ]);
    },
  );

  it('refuses to close a closed request', () => {
    given(historyOf(fileRequest(), close(LOIRET, 'resolved')))
      .when(close(GIEN, 'rejected'))
      .then('REQUEST.CLOSED');
  });

  it('refuses an authority that is not involved', () => {
    given(historyOf(fileRequest())).when(close(ORLEANS, 'resolved')).then('REQUEST.NOT_INVOLVED');
  });

  it.each([
    ['outcome', close(LOIRET, 'in_progress' as never)],
    ['raw.code', close(LOIRET, 'resolved', { raw: { code: ' ', label: 'Clos' } })],
    ['note', close(LOIRET, 'resolved', { note: {} as never })],
  ])('refuses invalid input, naming the field: %s', (field, command) => {
    given(historyOf(fileRequest())).when(command).then('REQUEST.INVALID', field);
  });

  it('refuses a request that was never filed', () => {
    given([]).when(close(LOIRET, 'resolved')).then('REQUEST.NOT_FOUND');
  });
});

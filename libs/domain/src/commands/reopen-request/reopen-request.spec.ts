import { foldEvents } from '../../state/fold-events';
import { given } from '../../testing/given-when-then';
import { historyOf } from '../../testing/history';
import {
  acknowledge,
  changeStatus,
  close,
  fileRequest,
  GIEN,
  LOIRET,
  ORLEANS,
  REQUEST_ID,
  reopen,
} from '../../testing/sample-commands';

const closedHistory = historyOf(
  fileRequest(),
  acknowledge(LOIRET, 'CD45-0042'),
  close(LOIRET, 'resolved'),
);

describe('ReopenRequest', () => {
  it('reopens a closed request in progress, with the same targets and acknowledgements', () => {
    const reopened = {
      type: 'RequestReopened' as const,
      data: { requestId: REQUEST_ID, authority: GIEN, reason: 'Le trou est revenu' },
      personal: null,
    };
    given(closedHistory).when(reopen(GIEN)).then([reopened]);
    expect(foldEvents([...closedHistory, reopened])).toMatchObject({
      status: 'in_progress',
      lifecycle: 'open',
      targets: [LOIRET],
      acknowledgements: { [LOIRET]: 'CD45-0042' },
    });
  });

  it('makes the request changeable again', () => {
    given(historyOf(fileRequest(), close(LOIRET, 'resolved'), reopen(GIEN)))
      .when(changeStatus(LOIRET, 'resolved'))
      .then([
        {
          type: 'StatusChanged',
          data: {
            requestId: REQUEST_ID,
            from: 'in_progress',
            to: 'resolved',
            authority: LOIRET,
            raw: { code: 'RAW_RESOLVED', label: 'Statut resolved' },
            note: null,
          },
          personal: null,
        },
      ]);
  });

  it('refuses to reopen an open request, even a resolved one', () => {
    given(historyOf(fileRequest())).when(reopen(GIEN)).then('REQUEST.NOT_CLOSED');
    given(historyOf(fileRequest(), changeStatus(LOIRET, 'resolved')))
      .when(reopen(GIEN))
      .then('REQUEST.NOT_CLOSED');
  });

  it('refuses an authority that is not involved', () => {
    given(closedHistory).when(reopen(ORLEANS)).then('REQUEST.NOT_INVOLVED');
  });

  it('refuses a blank reason', () => {
    given(closedHistory).when(reopen(GIEN, '')).then('REQUEST.INVALID', 'reason');
  });

  it('refuses a request that was never filed', () => {
    given([]).when(reopen(GIEN)).then('REQUEST.NOT_FOUND');
  });
});

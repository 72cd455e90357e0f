import { foldEvents } from '../../state/fold-events';
import { given } from '../../testing/given-when-then';
import { historyOf } from '../../testing/history';
import {
  acknowledge,
  changeStatus,
  close,
  fileRequest,
  GIEN,
  GIENNOISES,
  LOIRET,
  ORLEANS,
  REQUEST_ID,
  transfer,
} from '../../testing/sample-commands';

const routedToBoth = fileRequest({
  routing: {
    targets: [LOIRET, GIENNOISES],
    rule: { id: 'shared', version: '1' },
    reason: 'shared competence',
  },
});

function acknowledged(authority: string, externalReference: string) {
  return {
    type: 'RequestAcknowledged' as const,
    data: { requestId: REQUEST_ID, authority, externalReference },
    personal: null,
  };
}

describe('AcknowledgeRequest', () => {
  it('records the target tool’s reference and moves a routed request to acknowledged', () => {
    const history = historyOf(fileRequest());
    given(history)
      .when(acknowledge(LOIRET, 'CD45-0042'))
      .then([acknowledged(LOIRET, 'CD45-0042')]);
    const state = foldEvents(historyOf(fileRequest(), acknowledge(LOIRET, 'CD45-0042')));
    expect(state).toMatchObject({
      status: 'acknowledged',
      acknowledgements: { [LOIRET]: 'CD45-0042' },
    });
  });

  it('lets another target acknowledge an already acknowledged request', () => {
    const history = historyOf(routedToBoth, acknowledge(LOIRET, 'CD45-0042'));
    given(history)
      .when(acknowledge(GIENNOISES, 'CCG-7'))
      .then([acknowledged(GIENNOISES, 'CCG-7')]);
    const state = foldEvents(
      historyOf(routedToBoth, acknowledge(LOIRET, 'CD45-0042'), acknowledge(GIENNOISES, 'CCG-7')),
    );
    expect(state).toMatchObject({
      status: 'acknowledged',
      acknowledgements: { [LOIRET]: 'CD45-0042', [GIENNOISES]: 'CCG-7' },
    });
  });

  it('records a late reference without touching a status that has moved on', () => {
    const history = historyOf(routedToBoth, changeStatus(LOIRET, 'in_progress'));
    given(history)
      .when(acknowledge(GIENNOISES, 'CCG-7'))
      .then([acknowledged(GIENNOISES, 'CCG-7')]);
    expect(
      foldEvents(
        historyOf(
          routedToBoth,
          changeStatus(LOIRET, 'in_progress'),
          acknowledge(GIENNOISES, 'CCG-7'),
        ),
      ),
    ).toMatchObject({
      status: 'in_progress',
    });
  });

  it('is a no-op when the same target sends the same reference again (a retry)', () => {
    given(historyOf(fileRequest(), acknowledge(LOIRET, 'CD45-0042')))
      .when(acknowledge(LOIRET, 'CD45-0042'))
      .then([]);
  });

  it('refuses a different reference from a target that already acknowledged', () => {
    given(historyOf(fileRequest(), acknowledge(LOIRET, 'CD45-0042')))
      .when(acknowledge(LOIRET, 'CD45-9999'))
      .then('REQUEST.ALREADY_ACKNOWLEDGED', 'externalReference');
  });

  it('refuses an authority the request is not routed to, the origin included', () => {
    given(historyOf(fileRequest())).when(acknowledge(GIEN, 'G-1')).then('REQUEST.NOT_A_TARGET');
    given(historyOf(fileRequest())).when(acknowledge(ORLEANS, 'O-1')).then('REQUEST.NOT_A_TARGET');
  });

  it('forgets the acknowledgement of a target that transferred the request away', () => {
    const history = historyOf(
      fileRequest(),
      acknowledge(LOIRET, 'CD45-0042'),
      transfer(LOIRET, [GIENNOISES]),
    );
    given(history).when(acknowledge(LOIRET, 'CD45-0042')).then('REQUEST.NOT_A_TARGET');
    given(history)
      .when(acknowledge(GIENNOISES, 'CCG-7'))
      .then([acknowledged(GIENNOISES, 'CCG-7')]);
  });

  it('refuses a new acknowledgement on a closed request', () => {
    given(historyOf(fileRequest(), close(GIEN, 'closed_without_action')))
      .when(acknowledge(LOIRET, 'CD45-0042'))
      .then('REQUEST.CLOSED');
  });

  it('refuses a blank external reference', () => {
    given(historyOf(fileRequest()))
      .when(acknowledge(LOIRET, ' '))
      .then('REQUEST.INVALID', 'externalReference');
  });

  it('refuses a request that was never filed', () => {
    given([]).when(acknowledge(LOIRET, 'CD45-0042')).then('REQUEST.NOT_FOUND');
  });
});

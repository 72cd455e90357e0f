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
  REQUEST_ID,
  transfer,
} from '../../testing/sample-commands';

const CHER = 'departement:18';
const REASON = "La voirie relève de l'intercommunalité";
const RULE = { id: 'transfer.declared', version: '1' };

function transferred(from: string, to: string[], targets: string[]) {
  return [
    {
      type: 'RequestTransferred' as const,
      data: { requestId: REQUEST_ID, from, to, reason: REASON, rule: RULE },
      personal: null,
    },
    {
      type: 'RequestRouted' as const,
      data: { requestId: REQUEST_ID, targets, rule: RULE, reason: REASON },
      personal: null,
    },
  ];
}

const routedToBoth = fileRequest({
  routing: {
    targets: [LOIRET, GIENNOISES],
    rule: { id: 'shared', version: '1' },
    reason: 'shared competence',
  },
});

describe('TransferRequest', () => {
  it('passes the request on and routes it again to the new target', () => {
    const history = historyOf(
      fileRequest(),
      acknowledge(LOIRET, 'CD45-0042'),
      changeStatus(LOIRET, 'in_progress'),
    );
    given(history)
      .when(transfer(LOIRET, [GIENNOISES]))
      .then(transferred(LOIRET, [GIENNOISES], [GIENNOISES]));
    expect(
      foldEvents([...history, ...transferred(LOIRET, [GIENNOISES], [GIENNOISES])]),
    ).toMatchObject({
      status: 'routed',
      lifecycle: 'open',
      targets: [GIENNOISES],
      acknowledgements: {},
    });
  });

  it('keeps the other targets, and their acknowledgements, when one target declines', () => {
    const history = historyOf(
      routedToBoth,
      acknowledge(LOIRET, 'CD45-0042'),
      acknowledge(GIENNOISES, 'CCG-7'),
    );
    const events = transferred(LOIRET, [CHER, GIENNOISES], [GIENNOISES, CHER]);
    given(history)
      .when(transfer(LOIRET, [CHER, GIENNOISES]))
      .then(events);
    expect(foldEvents([...history, ...events])).toMatchObject({
      status: 'routed',
      targets: [GIENNOISES, CHER],
      acknowledgements: { [GIENNOISES]: 'CCG-7' },
    });
  });

  it('lets the origin transfer when it is its own target', () => {
    const selfRouted = fileRequest({
      routing: {
        targets: [GIEN],
        rule: { id: 'default.commune', version: '1' },
        reason: 'no rule',
      },
    });
    given(historyOf(selfRouted))
      .when(transfer(GIEN, [GIENNOISES]))
      .then(transferred(GIEN, [GIENNOISES], [GIENNOISES]));
  });

  it('refuses an authority that is not a current target, the origin included', () => {
    given(historyOf(fileRequest()))
      .when(transfer(GIEN, [GIENNOISES]))
      .then('REQUEST.NOT_A_TARGET');
    given(historyOf(fileRequest(), transfer(LOIRET, [GIENNOISES])))
      .when(transfer(LOIRET, [CHER]))
      .then('REQUEST.NOT_A_TARGET');
  });

  it('refuses to transfer a closed request', () => {
    given(historyOf(fileRequest(), close(LOIRET, 'rejected')))
      .when(transfer(LOIRET, [GIENNOISES]))
      .then('REQUEST.CLOSED');
  });

  it.each([
    ['to', transfer(LOIRET, [LOIRET])],
    ['to', transfer(LOIRET, [GIENNOISES, LOIRET])],
    ['to', transfer(LOIRET, [])],
    ['to', transfer(LOIRET, [GIENNOISES, GIENNOISES])],
    ['to[0]', transfer(LOIRET, ['CC Giennoises'])],
    ['reason', transfer(LOIRET, [GIENNOISES], { reason: '' })],
    ['rule.id', transfer(LOIRET, [GIENNOISES], { rule: { id: ' ', version: '1' } })],
  ])('refuses invalid input, naming the field: %s', (field, command) => {
    given(historyOf(fileRequest())).when(command).then('REQUEST.INVALID', field);
  });

  it('refuses a request that was never filed', () => {
    given([])
      .when(transfer(LOIRET, [GIENNOISES]))
      .then('REQUEST.NOT_FOUND');
  });
});

import type { ServiceRequestEvent } from '../events/service-request-event';
import { historyOf } from '../testing/history';
import {
  acknowledge,
  addComment,
  changeStatus,
  close,
  fileRequest,
  GIEN,
  GIENNOISES,
  LOIRET,
  REQUEST_ID,
  reopen,
  transfer,
} from '../testing/sample-commands';
import { evolve } from './evolve';
import { foldEvents } from './fold-events';
import { initialState } from './initial-state';

describe('evolve / foldEvents', () => {
  it('starts empty', () => {
    expect(initialState()).toEqual({ status: 'empty' });
    expect(foldEvents([])).toEqual({ status: 'empty' });
  });

  it('follows a whole life: filed, acknowledged, transferred, closed, reopened', () => {
    const history = historyOf(
      fileRequest(),
      acknowledge(LOIRET, 'CD45-0042'),
      changeStatus(LOIRET, 'in_progress'),
      addComment(GIEN),
      transfer(LOIRET, [GIENNOISES]),
      acknowledge(GIENNOISES, 'CCG-7'),
      close(GIENNOISES, 'rejected'),
      reopen(GIEN),
    );
    expect(foldEvents(history)).toStrictEqual({
      status: 'in_progress',
      lifecycle: 'open',
      requestId: REQUEST_ID,
      origin: GIEN,
      source: { authority: GIEN, connector: 'gien-grc', externalId: 'GIEN-2026-0042' },
      category: 'roads.departmental',
      targets: [GIENNOISES],
      acknowledgements: { [GIENNOISES]: 'CCG-7' },
    });
  });

  it('drops the transferring target and its reference as soon as the transfer is applied', () => {
    const history = historyOf(
      fileRequest({
        routing: {
          targets: [LOIRET, GIENNOISES],
          rule: { id: 'shared', version: '1' },
          reason: 'shared',
        },
      }),
      acknowledge(LOIRET, 'CD45-0042'),
      acknowledge(GIENNOISES, 'CCG-7'),
      transfer(LOIRET, ['departement:18']),
    );
    const transferred = history.findIndex((event) => event.type === 'RequestTransferred');
    expect(foldEvents(history.slice(0, transferred + 1))).toMatchObject({
      targets: [GIENNOISES],
      acknowledgements: { [GIENNOISES]: 'CCG-7' },
    });
    expect(foldEvents(history)).toMatchObject({
      status: 'routed',
      targets: [GIENNOISES, 'departement:18'],
      acknowledgements: { [GIENNOISES]: 'CCG-7' },
    });
  });

  it('ignores what cannot apply: events before filing, and types it does not know', () => {
    const [, routed] = historyOf(fileRequest());
    expect(evolve(initialState(), routed!)).toEqual({ status: 'empty' });
    const state = foldEvents(historyOf(fileRequest()));
    const future = {
      type: 'RequestMerged',
      data: {},
      personal: null,
    } as unknown as ServiceRequestEvent;
    expect(evolve(state, future)).toBe(state);
  });

  it('never mutates the state it is given', () => {
    const history = historyOf(
      fileRequest(),
      acknowledge(LOIRET, 'CD45-0042'),
      transfer(LOIRET, [GIENNOISES]),
    );
    const states = history.map((_, index) => foldEvents(history.slice(0, index + 1)));
    const snapshots = states.map((state) => JSON.stringify(state));
    history.forEach((event, index) => index > 0 && evolve(states[index - 1]!, event));
    expect(states.map((state) => JSON.stringify(state))).toEqual(snapshots);
  });
});

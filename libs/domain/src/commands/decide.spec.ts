import type { ServiceRequestEvent } from '../events/service-request-event';
import { foldEvents } from '../state/fold-events';
import { given } from '../testing/given-when-then';
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
  reopen,
  transfer,
} from '../testing/sample-commands';
import { decide } from './decide';
import type { ServiceRequestCommand } from './service-request-command';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('decide', () => {
  it.each<ServiceRequestCommand>([
    acknowledge(LOIRET, 'CD45-0042'),
    changeStatus(LOIRET, 'in_progress'),
    addComment(GIEN),
    transfer(LOIRET, [GIENNOISES]),
    close(LOIRET, 'resolved'),
    reopen(GIEN),
  ])('refuses $type on a request that was never filed', (command) => {
    given([]).when(command).then('REQUEST.NOT_FOUND', null);
  });

  it('refuses an unknown command type', () => {
    given(historyOf(fileRequest()))
      .when({
        type: 'DeleteRequest',
        actor: { authority: GIEN, connector: null },
      } as unknown as ServiceRequestCommand)
      .then('REQUEST.INVALID', 'type');
  });

  it('is pure: it mutates neither command nor state, and answers the same twice', () => {
    const commands: ServiceRequestCommand[] = [
      fileRequest(),
      acknowledge(LOIRET, 'CD45-0042'),
      changeStatus(LOIRET, 'in_progress'),
      addComment(GIEN),
      transfer(LOIRET, [GIENNOISES]),
      close(GIENNOISES, 'resolved'),
      reopen(GIEN),
    ];
    let history: ServiceRequestEvent[] = [];
    for (const command of commands) {
      const state = deepFreeze(foldEvents(history));
      const first = decide(deepFreeze(command), state);
      expect(decide(command, state)).toStrictEqual(first);
      expect(first.length).toBeGreaterThan(0);
      history = [...history, ...first];
    }
    expect(history.map((event) => event.type)).toEqual([
      'RequestFiled',
      'RequestRouted',
      'RequestAcknowledged',
      'StatusChanged',
      'CommentAdded',
      'RequestTransferred',
      'RequestRouted',
      'RequestClosed',
      'RequestReopened',
    ]);
  });
});

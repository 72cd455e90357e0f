import { DomainError } from '../../errors/domain-error';
import { CANONICAL_STATUSES, type CanonicalStatus } from '../../status/canonical-status';
import { LEGAL_TRANSITIONS } from '../../status/legal-transitions';
import { foldEvents } from '../../state/fold-events';
import { given } from '../../testing/given-when-then';
import { historyOf, historyReaching } from '../../testing/history';
import {
  acknowledge,
  changeStatus,
  close,
  fileRequest,
  GIEN,
  LOIRET,
  ORLEANS,
  REQUEST_ID,
} from '../../testing/sample-commands';
import { decide } from '../decide';

function statusChanged(
  from: CanonicalStatus,
  to: CanonicalStatus,
  authority: string,
  note: string | null = null,
) {
  return {
    type: 'StatusChanged' as const,
    data: {
      requestId: REQUEST_ID,
      from,
      to,
      authority,
      raw: { code: `RAW_${to.toUpperCase()}`, label: `Statut ${to}` },
      note,
    },
    personal: null,
  };
}

const pairs = CANONICAL_STATUSES.flatMap((from) =>
  CANONICAL_STATUSES.map((to) => [from, to] as const),
);
const legal = pairs.filter(([from, to]) => LEGAL_TRANSITIONS[from].includes(to));
const illegal = pairs.filter(([from, to]) => !LEGAL_TRANSITIONS[from].includes(to));

describe('ChangeStatus', () => {
  it('covers every pair of statuses, and both answers occur', () => {
    expect(pairs).toHaveLength(64);
    expect(legal.length).toBeGreaterThan(0);
    expect(illegal.length).toBeGreaterThan(0);
  });

  it.each(CANONICAL_STATUSES)('has a real history that reaches %s', (status) => {
    expect(foldEvents(historyReaching(status))).toMatchObject({ status, lifecycle: 'open' });
  });

  // Gien, the origin, is involved in every status, even before routing.
  it.each(legal)('accepts %s → %s', (from, to) => {
    given(historyReaching(from))
      .when(changeStatus(GIEN, to))
      .then([statusChanged(from, to, GIEN)]);
  });

  it.each(illegal)('refuses %s → %s as an illegal transition', (from, to) => {
    given(historyReaching(from))
      .when(changeStatus(GIEN, to))
      .then('REQUEST.ILLEGAL_TRANSITION', 'to');
  });

  it('names both statuses when it refuses a transition', () => {
    const state = foldEvents(historyReaching('routed'));
    expect(() => decide(changeStatus(LOIRET, 'received'), state)).toThrow(
      new DomainError(
        'REQUEST.ILLEGAL_TRANSITION',
        `Request ${REQUEST_ID} cannot change status from routed to received`,
      ),
    );
  });

  it('lets a target change the status, keeping its raw status and note', () => {
    given(historyOf(fileRequest(), acknowledge(LOIRET, 'CD45-0042')))
      .when(changeStatus(LOIRET, 'waiting_for_citizen', { note: 'Photo demandée' }))
      .then([statusChanged('acknowledged', 'waiting_for_citizen', LOIRET, 'Photo demandée')]);
  });

  it('records a missing note as null', () => {
    const command = {
      ...changeStatus(LOIRET, 'in_progress'),
      note: undefined,
    } as unknown as ReturnType<typeof changeStatus>;
    given(historyOf(fileRequest()))
      .when(command)
      .then([statusChanged('routed', 'in_progress', LOIRET)]);
  });

  it('refuses an authority that is neither the origin nor a target', () => {
    given(historyOf(fileRequest()))
      .when(changeStatus(ORLEANS, 'in_progress'))
      .then('REQUEST.NOT_INVOLVED');
  });

  it('refuses any change on a closed request, even one the table would allow', () => {
    given(historyOf(fileRequest(), close(LOIRET, 'resolved')))
      .when(changeStatus(LOIRET, 'in_progress'))
      .then('REQUEST.CLOSED');
  });

  it.each([
    ['to', changeStatus(LOIRET, 'done' as CanonicalStatus)],
    ['raw.code', changeStatus(LOIRET, 'in_progress', { raw: { code: '', label: 'En cours' } })],
    ['raw.label', changeStatus(LOIRET, 'in_progress', { raw: { code: 'EC' } as never })],
    ['raw', changeStatus(LOIRET, 'in_progress', { raw: null as never })],
    ['note', changeStatus(LOIRET, 'in_progress', { note: 42 as never })],
    ['actor.authority', changeStatus('departement:loiret', 'in_progress')],
  ])('refuses invalid input, naming the field: %s', (field, command) => {
    given(historyOf(fileRequest())).when(command).then('REQUEST.INVALID', field);
  });

  it('refuses a request that was never filed', () => {
    given([]).when(changeStatus(LOIRET, 'in_progress')).then('REQUEST.NOT_FOUND');
  });
});

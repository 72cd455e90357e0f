import { CANONICAL_STATUSES, type CanonicalStatus } from './canonical-status';
import { isLegalTransition, LEGAL_TRANSITIONS } from './legal-transitions';

describe('LEGAL_TRANSITIONS', () => {
  // The published table, spelled out: changing it must be a deliberate act that breaks this test.
  it('is the published table', () => {
    expect(LEGAL_TRANSITIONS).toEqual({
      received: [],
      routed: [
        'in_progress',
        'waiting_for_citizen',
        'resolved',
        'rejected',
        'closed_without_action',
      ],
      acknowledged: [
        'in_progress',
        'waiting_for_citizen',
        'resolved',
        'rejected',
        'closed_without_action',
      ],
      in_progress: ['waiting_for_citizen', 'resolved', 'rejected', 'closed_without_action'],
      waiting_for_citizen: ['in_progress', 'resolved', 'rejected', 'closed_without_action'],
      resolved: ['in_progress'],
      rejected: [],
      closed_without_action: [],
    });
  });

  it('has one entry per canonical status, naming only canonical statuses', () => {
    expect(Object.keys(LEGAL_TRANSITIONS).sort()).toEqual([...CANONICAL_STATUSES].sort());
    for (const targets of Object.values(LEGAL_TRANSITIONS)) {
      for (const to of targets) expect(CANONICAL_STATUSES).toContain(to);
    }
  });

  it('never allows a change to the same status', () => {
    for (const status of CANONICAL_STATUSES) expect(isLegalTransition(status, status)).toBe(false);
  });

  it('never lets a status change reach what only routing and acknowledgement reach', () => {
    for (const from of CANONICAL_STATUSES) {
      for (const to of ['received', 'routed', 'acknowledged'] as const) {
        expect(isLegalTransition(from, to)).toBe(false);
      }
    }
  });

  it('answers false for statuses it does not know, without throwing', () => {
    expect(isLegalTransition('toString' as CanonicalStatus, 'in_progress')).toBe(false);
    expect(isLegalTransition('routed', 'done' as CanonicalStatus)).toBe(false);
  });
});

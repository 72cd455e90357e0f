import { DomainError } from '../errors/domain-error';
import { requireTimestamp, requireUuid } from './input-invariants';

function refusal(run: () => void): DomainError | null {
  try {
    run();
    return null;
  } catch (error) {
    return error as DomainError;
  }
}

describe('input invariants', () => {
  it.each([
    '2026-11-29T09:15:00Z',
    '2026-11-29T09:15:00.123Z',
    '2026-11-29T09:15:00+01:00',
    '2026-11-29T23:59:59-09:30',
    '2024-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
  ])('accepts the timestamp %s', (value) => {
    expect(refusal(() => requireTimestamp(value, 'filedAt'))).toBeNull();
  });

  it.each([
    '2026-11-29',
    '2026-11-29T09:15:00',
    '2026-11-29 09:15:00Z',
    '2026-11-29t09:15:00Z',
    '2026-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-29T24:00:00Z',
    '2026-11-29T09:60:00Z',
    '2026-11-29T09:15:60Z',
    '2026-11-29T09:15:00+24:00',
    '2026-11-29T09:15:00+0100',
  ])('refuses the timestamp %s, naming the field', (value) => {
    const error = refusal(() => requireTimestamp(value, 'filedAt'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'REQUEST.INVALID', field: 'filedAt', retriable: false });
  });

  it('accepts only lowercase canonical UUIDs', () => {
    expect(
      refusal(() => requireUuid('0b6f3c1e-5a2d-4c8e-9f10-2b3c4d5e6f70', 'requestId')),
    ).toBeNull();
    expect(
      refusal(() => requireUuid('0B6F3C1E-5A2D-4C8E-9F10-2B3C4D5E6F70', 'requestId')),
    ).not.toBeNull();
    expect(
      refusal(() => requireUuid('urn:uuid:0b6f3c1e-5a2d-4c8e-9f10-2b3c4d5e6f70', 'requestId')),
    ).not.toBeNull();
  });
});

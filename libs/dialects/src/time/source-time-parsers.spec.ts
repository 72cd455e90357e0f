import fc from 'fast-check';
import { parseFrenchLocalTime, parseIsoTime } from './source-time-parsers';
import {
  formatFrenchLocal,
  formatIsoLocal,
  formatIsoWithOffset,
  formatUtc,
} from './time-formatters';

const PARIS = 'Europe/Paris';

describe('JJ/MM/AAAA HH:mm local times', () => {
  it.each([
    ['29/11/2026 09:15', '2026-11-29T08:15:00Z', 'winter time, UTC+1'],
    ['15/07/2026 09:15', '2026-07-15T07:15:00Z', 'summer time, UTC+2'],
    ['15/07/2026 09:15:42', '2026-07-15T07:15:42Z', 'with seconds'],
    ['29/03/2026 01:59', '2026-03-29T00:59:00Z', 'the last minute before clocks go forward'],
    ['29/03/2026 03:00', '2026-03-29T01:00:00Z', 'the first minute after clocks go forward'],
    ['25/10/2026 01:59', '2026-10-24T23:59:00Z', 'before the repeated hour'],
    ['25/10/2026 02:30', '2026-10-25T00:30:00Z', 'the repeated hour, read as its first occurrence'],
    ['25/10/2026 03:00', '2026-10-25T02:00:00Z', 'after the repeated hour'],
    ['29/02/2028 12:00', '2028-02-29T11:00:00Z', 'a leap day'],
    [
      '01/01/2000 00:00',
      '1999-12-31T23:00:00Z',
      'a new year that falls on the previous day in UTC',
    ],
  ])('reads %s as %s (%s), keeping the raw text', (raw, utc) => {
    expect(parseFrenchLocalTime(raw, PARIS)).toEqual({ ok: true, time: { utc, raw } });
  });

  it.each(['29/03/2026 02:00', '29/03/2026 02:30', '29/03/2026 02:59:59', '30/03/2025 02:15'])(
    'refuses %s, which never happened in Paris (clocks went from 02:00 to 03:00)',
    (raw) => {
      expect(parseFrenchLocalTime(raw, PARIS)).toEqual({
        ok: false,
        code: 'DIALECT.NONEXISTENT_TIME',
        expected: expect.stringContaining('hour skipped when clocks go forward') as string,
      });
    },
  );

  it.each([
    '31/02/2026 10:00',
    '29/02/2027 10:00',
    '31/04/2026 10:00',
    '00/01/2026 10:00',
    '10/13/2026 10:00',
    '10/01/2026 24:00',
    '10/01/2026 12:60',
    '10/01/2026 12:00:60',
    '10/01/1899 12:00',
    '10/01/3000 12:00',
  ])('refuses the impossible date %s', (raw) => {
    expect(parseFrenchLocalTime(raw, PARIS)).toMatchObject({ ok: false, code: 'DIALECT.FORMAT' });
  });

  it.each([
    '2026-11-29 09:15',
    '29/11/2026',
    '29/11/2026 9:15',
    '29-11-2026 09:15',
    ' 29/11/2026 09:15',
    '29/11/2026 09:15+01:00',
  ])('refuses %s, which is not the format', (raw) => {
    expect(parseFrenchLocalTime(raw, PARIS)).toMatchObject({ ok: false, code: 'DIALECT.FORMAT' });
  });

  it('follows the connector time zone, with its own transitions', () => {
    expect(parseFrenchLocalTime('08/03/2026 02:30', 'America/New_York')).toMatchObject({
      ok: false,
      code: 'DIALECT.NONEXISTENT_TIME',
    });
    expect(parseFrenchLocalTime('08/03/2026 03:30', 'America/New_York')).toMatchObject({
      time: { utc: '2026-03-08T07:30:00Z' },
    });
    expect(parseFrenchLocalTime('29/11/2026 09:15', 'Indian/Reunion')).toMatchObject({
      time: { utc: '2026-11-29T05:15:00Z' },
    });
    expect(parseFrenchLocalTime('29/11/2026 09:15', 'Asia/Kolkata')).toMatchObject({
      time: { utc: '2026-11-29T03:45:00Z' },
    });
  });

  it('says so when the connector time zone is unknown, rather than throwing', () => {
    expect(parseFrenchLocalTime('29/11/2026 09:15', 'Mars/Olympus_Mons')).toEqual({
      ok: false,
      code: 'DIALECT.NONEXISTENT_TIME',
      expected: expect.stringContaining(
        '"Mars/Olympus_Mons" is not a known IANA time zone',
      ) as string,
    });
  });
});

describe('ISO 8601 times', () => {
  it.each([
    ['2026-11-29T09:15:00+01:00', '2026-11-29T08:15:00Z'],
    ['2026-11-29T08:15:00Z', '2026-11-29T08:15:00Z'],
    ['2026-11-29T08:15:00.250Z', '2026-11-29T08:15:00.250Z'],
    ['2026-11-29T08:15:00.123456789-09:30', '2026-11-29T17:45:00.123Z'],
    ['2026-12-31T23:30:00-01:00', '2027-01-01T00:30:00Z'],
  ])('reads %s as %s', (raw, utc) => {
    expect(parseIsoTime(raw, PARIS, 'required')).toEqual({ ok: true, time: { utc, raw } });
  });

  it('reads a time without an offset in the connector zone only when the dialect allows it', () => {
    expect(parseIsoTime('2026-07-15T09:15:00', PARIS, 'optional')).toMatchObject({
      time: { utc: '2026-07-15T07:15:00Z' },
    });
    expect(parseIsoTime('2026-03-29T02:30:00', PARIS, 'optional')).toMatchObject({
      ok: false,
      code: 'DIALECT.NONEXISTENT_TIME',
    });
    expect(parseIsoTime('2026-07-15T09:15:00', PARIS, 'required')).toMatchObject({
      ok: false,
      code: 'DIALECT.FORMAT',
    });
  });

  it.each([
    '2026-02-30T10:00:00Z',
    '2026-11-29T24:00:00Z',
    '2026-11-29T09:15:00+24:00',
    '2026-11-29T09:15:00+0100',
    '2026-11-29 09:15:00Z',
    '2026-11-29t09:15:00z',
    '2026-11-29T09:15Z',
    '+02026-11-29T09:15:00Z',
  ])('refuses %s', (raw) => {
    expect(parseIsoTime(raw, PARIS, 'optional')).toMatchObject({ ok: false });
  });
});

describe('time formatters', () => {
  const winter = Date.parse('2026-11-29T08:15:00Z');
  const summer = Date.parse('2026-07-15T07:15:30.500Z');

  it('write local times in the connector zone', () => {
    expect(formatFrenchLocal(winter, PARIS)).toBe('29/11/2026 09:15');
    expect(formatFrenchLocal(summer, PARIS)).toBe('15/07/2026 09:15:30');
    expect(formatIsoWithOffset(winter, PARIS)).toBe('2026-11-29T09:15:00+01:00');
    expect(formatIsoWithOffset(summer, PARIS)).toBe('2026-07-15T09:15:30.500+02:00');
    expect(formatIsoWithOffset(winter, 'America/St_Johns')).toBe('2026-11-29T04:45:00-03:30');
    expect(formatIsoLocal(winter, PARIS)).toBe('2026-11-29T09:15:00');
    expect(formatUtc(winter)).toBe('2026-11-29T08:15:00Z');
  });

  it('throw on an unknown zone: that is configuration, checked at boot', () => {
    expect(() => formatFrenchLocal(winter, 'Nowhere/Else')).toThrow(RangeError);
  });

  it('agree with the parsers on every instant, across transitions and zones', () => {
    const zones = [
      'Europe/Paris',
      'America/New_York',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800 }).map((seconds) => seconds * 1000),
        fc.constantFrom(...zones),
        (instant, zone) => {
          const written = formatIsoWithOffset(instant, zone);
          expect(Date.parse(written)).toBe(instant);
          const parsed = parseIsoTime(written, zone, 'required');
          expect(parsed).toMatchObject({ ok: true, time: { utc: formatUtc(instant) } });
          // Without the offset, a local time reads back to the instant, or to the first of two
          // when it is repeated (one hour earlier at most, 30 minutes at Lord Howe).
          const local = parseIsoTime(formatIsoLocal(instant, zone), zone, 'optional');
          if (!local.ok) throw new Error(JSON.stringify(local));
          const back = Date.parse(local.time.utc);
          expect(back <= instant && instant - back <= 3_600_000).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

import { isAuthorityId, parseAuthorityId } from './authority-id';

describe('authority ids', () => {
  it.each([
    ['commune:45155', 'commune', '45155'],
    ['commune:2A004', 'commune', '2A004'],
    ['epci:244500211', 'epci', '244500211'],
    ['departement:45', 'departement', '45'],
    ['departement:2B', 'departement', '2B'],
    ['departement:974', 'departement', '974'],
  ])('parses %s', (id, level, code) => {
    expect(parseAuthorityId(id)).toEqual({ level, code });
    expect(isAuthorityId(id)).toBe(true);
  });

  it.each([
    'commune:4515',
    'commune:451555',
    'commune:2C004',
    'epci:24450021',
    'epci:2445002110',
    'departement:2C',
    'departement:4',
    'region:24',
    'commune:45155 ',
    'Commune:45155',
    '45155',
    '',
  ])('rejects %p', (id) => {
    expect(parseAuthorityId(id)).toBeNull();
    expect(isAuthorityId(id)).toBe(false);
  });

  it('rejects what is not a string', () => {
    expect(isAuthorityId(45155)).toBe(false);
    expect(isAuthorityId(null)).toBe(false);
  });
});

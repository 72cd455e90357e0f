import { LevelRouter, departementOf } from './level-router';

describe('LevelRouter', () => {
  const router = new LevelRouter(undefined, 'builtin-1', (insee) => (insee === '45155' ? '244500211' : null));

  it('routes a departmental road to the département of the commune, and says why', () => {
    const decision = router.route({ origin: 'commune:45155', category: 'roads.departmental', inseeCode: '45155' });
    expect(decision.targets).toEqual(['departement:45']);
    expect(decision.rule).toEqual({ id: 'roads.departmental', version: 'builtin-1' });
    expect(decision.reason).toContain('45155');
  });

  it('routes waste collection to the EPCI when the commune is known to belong to one', () => {
    expect(router.route({ origin: 'commune:45155', category: 'waste.collection', inseeCode: '45155' }).targets).toEqual(['epci:244500211']);
    const unknown = router.route({ origin: 'commune:45001', category: 'waste.collection', inseeCode: '45001' });
    expect(unknown.targets).toEqual(['commune:45001']);
    expect(unknown.rule.id).toBe('waste.no-epci');
  });

  it('leaves other categories with the commune and does not match a mere prefix of a word', () => {
    expect(router.route({ origin: 'commune:45155', category: 'civil_status.birth_certificate', inseeCode: '45155' }).targets).toEqual(['commune:45155']);
    expect(router.route({ origin: 'commune:45155', category: 'socialite', inseeCode: '45155' }).targets).toEqual(['commune:45155']);
  });

  it('knows overseas and Corsican département codes', () => {
    expect(departementOf('97411')).toBe('974');
    expect(departementOf('2A004')).toBe('2A');
    expect(departementOf('45155')).toBe('45');
  });
});

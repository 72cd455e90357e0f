import { webhookDeadLetterRedactor } from './webhook-dead-letter.redactor';
import { redactMessageBody } from './redact-message-body';

describe('redactMessageBody', () => {
  const values = ['Camille Martin', 'camille.martin@example.org', '+33 6 12 34 56 78'];

  it("blanks out the citizen's values wherever they are, whatever the dialect", () => {
    const body = JSON.stringify({
      TYPE_MESSAGE: 'DEMANDE_A_TRAITER',
      DEMANDEUR_NOM: 'Camille Martin',
      DEMANDEUR_COURRIEL: 'CAMILLE.MARTIN@example.org',
      OBSERVATION: 'Rappeler Camille Martin au +33 6 12 34 56 78',
      LIEU: { ADRESSE: 'RD 940, 45500 Gien' },
    });
    expect(JSON.parse(redactMessageBody(body, values)!)).toEqual({
      TYPE_MESSAGE: 'DEMANDE_A_TRAITER',
      DEMANDEUR_NOM: '[effacé]',
      DEMANDEUR_COURRIEL: '[effacé]',
      OBSERVATION: 'Rappeler [effacé] au [effacé]',
      LIEU: { ADRESSE: 'RD 940, 45500 Gien' },
    });
  });

  it('answers null when there is nothing to redact, or no value long enough to look for', () => {
    expect(redactMessageBody('{"statut":"EN_COURS"}', values)).toBeNull();
    expect(redactMessageBody('{"nom":"Al"}', ['Al'])).toBeNull();
  });

  it('treats a body that is not JSON as text', () => {
    expect(redactMessageBody('name=Camille Martin', values)).toBe('name=[effacé]');
  });
});

describe('webhookDeadLetterRedactor', () => {
  it("rewrites the dead letters of the erased citizen's events, and only those that quote them", async () => {
    const letters = new Map([
      ['d-1', { connectorId: 'loiret-grc', deadLetterId: 'd-1', body: '{"NOM":"Camille Martin"}' }],
      ['d-2', { connectorId: 'loiret-grc', deadLetterId: 'd-2', body: '{"TYPE":"ORIENTATION"}' }],
    ]);
    const asked: string[][] = [];
    const redactor = webhookDeadLetterRedactor({
      deadLettersOfEvents: async (eventIds) => {
        asked.push([...eventIds]);
        return [...letters.values()];
      },
      replaceDeadLetterBody: async (_connectorId, deadLetterId, body) => {
        letters.set(deadLetterId, { ...letters.get(deadLetterId)!, body });
      },
    });
    const scope = {
      subjectId: 's-1',
      erasureId: 'e-1',
      streamIds: ['request-1'],
      eventIds: ['event-1'],
      values: ['Camille Martin'],
    };
    expect(await redactor.redact(scope)).toBe(1);
    expect(asked).toEqual([['event-1']]);
    expect(letters.get('d-1')!.body).toBe('{"NOM":"[effacé]"}');
    expect(letters.get('d-2')!.body).toBe('{"TYPE":"ORIENTATION"}');
    // Already erased (no values left to look for): nothing to do.
    expect(await redactor.redact({ ...scope, values: [] })).toBe(0);
  });
});

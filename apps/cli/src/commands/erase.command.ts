import { ERASURE_LEGAL_BASES, type ErasureLegalBasis } from '@maillage/domain';
import { ErasureError, RequestIds } from '@maillage/service-requests';
import { type CliContext, printJson, withPersonalData } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, option, type ParsedArgs, UsageError } from '../parse-args';

/**
 * `maillage erase (--subject ID | --contact C) --legal-basis CODE --requester TEXT`: the twin of
 * `POST /v1/citizens/erasure` — destroys the citizen's keys, redacts the webhook dead letters
 * (and, with KAFKA_BROKERS, destroys the keys of the Kafka dead letters holding their values),
 * records `PersonalDataErased` on each request that held their data and the erasure in the
 * security log, prints what was erased (JSON). Idempotent. Exit 65 when the
 * subject is unknown or the requester is the citizen's own data.
 */
export async function eraseCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, ['subject', 'contact', 'legal-basis', 'requester']);
  const subject = option(args, 'subject');
  const contact = option(args, 'contact');
  if ((subject === undefined) === (contact === undefined)) {
    throw new UsageError('erase: give exactly one of --subject and --contact');
  }
  const legalBasis = option(args, 'legal-basis');
  if (!(ERASURE_LEGAL_BASES as readonly (string | undefined)[]).includes(legalBasis)) {
    throw new UsageError(`erase: --legal-basis must be one of ${ERASURE_LEGAL_BASES.join(', ')}`);
  }
  const requester = option(args, 'requester');
  if (!requester?.trim()) throw new UsageError('erase: --requester is required');
  try {
    return await withPersonalData(context, async ({ erasure }, config) => {
      const report = await erasure.erase({
        subjectId: subject ?? new RequestIds(config.hubSecret).forCitizen(contact!),
        legalBasis: legalBasis as ErasureLegalBasis,
        requester,
        ...(contact === undefined ? {} : { contact }),
        via: { principal: 'cli', attempt: 'maillage erase' },
      });
      printJson(context, report);
      return EXIT.ok;
    });
  } catch (error) {
    if (!(error instanceof ErasureError)) throw error;
    context.stderr.write(`maillage: ${error.code}: ${error.message}\n`);
    return EXIT.dataError;
  }
}

import { DomainError } from '../../errors/domain-error';
import type { PersonalData } from '../../events/personal-data';
import type { RequestFiled } from '../../events/request-filed.event';
import type { RequestRouted } from '../../events/request-routed.event';
import type { Attachment } from '../../request/attachment';
import type { Location } from '../../request/location';
import type { ServiceRequestState } from '../../state/service-request-state';
import type { FileRequest } from './file-request.command';
import { requireValidFileRequest } from './file-request.invariants';

/**
 * Files and routes a request in one decision, so that no stream ever ends in `received` with
 * nobody to handle it. A second filing on the same stream is refused with REQUEST.ALREADY_FILED,
 * before anything else is checked, so that the caller can answer a repeat with the first result.
 *
 * Events are built field by field from the command: an extra property smuggled into the command
 * at runtime never reaches the log, and nothing in an event aliases the caller's objects.
 */
export function decideFileRequest(
  command: FileRequest,
  state: ServiceRequestState,
): [RequestFiled, RequestRouted] {
  if (state.status !== 'empty') {
    throw new DomainError(
      'REQUEST.ALREADY_FILED',
      `Request ${state.requestId} was already filed`,
      'requestId',
    );
  }
  requireValidFileRequest(command);
  if (command.source.authority !== command.actor.authority) {
    throw new DomainError(
      'REQUEST.NOT_INVOLVED',
      `${command.actor.authority} cannot file a request on behalf of ${command.source.authority}`,
      'source.authority',
    );
  }
  const { requestId, source, routing } = command;
  return [
    {
      type: 'RequestFiled',
      data: {
        requestId,
        source: {
          authority: source.authority,
          connector: source.connector ?? null,
          externalId: source.externalId,
        },
        channel: command.channel,
        category: command.category,
        description: command.description,
        location: copyLocation(command.location),
        attachments: command.attachments.map(copyAttachment),
        filedAt: command.filedAt,
      },
      personal: command.citizen ? copyPersonalData(command.citizen) : null,
    },
    {
      type: 'RequestRouted',
      data: {
        requestId,
        targets: [...routing.targets],
        rule: { id: routing.rule.id, version: routing.rule.version },
        reason: routing.reason,
      },
      personal: null,
    },
  ];
}

function copyLocation({ inseeCode, address, coordinates }: Location): Location {
  return {
    inseeCode,
    ...(address === undefined ? {} : { address }),
    ...(coordinates === undefined
      ? {}
      : { coordinates: { lat: coordinates.lat, lon: coordinates.lon } }),
  };
}

function copyAttachment({ url, mediaType, name }: Attachment): Attachment {
  return {
    url,
    ...(mediaType === undefined ? {} : { mediaType }),
    ...(name === undefined ? {} : { name }),
  };
}

function copyPersonalData({ subjectId, name, email, phone, address }: PersonalData): PersonalData {
  return {
    subjectId,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    ...(address === undefined ? {} : { address }),
  };
}

import { DomainError } from '../../errors/domain-error';
import { CHANNELS } from '../../request/channel';
import {
  requireActor,
  requireAuthorityId,
  requireAuthorityIds,
  requireNonBlank,
  requireOneOf,
  requireRuleReference,
  requireString,
  requireTimestamp,
  requireUuid,
} from '../../validation/input-invariants';
import type { FileRequest } from './file-request.command';

/** INSEE commune code: 5 digits, or 2A/2B + 3 digits in Corsica. */
const INSEE_CODE = /^(?:\d{5}|2[AB]\d{3})$/;
/** An absolute URI: a scheme, then something. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
/** `type/subtype`, without parameters. */
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

function invalid(field: string, reason: string): DomainError {
  return new DomainError('REQUEST.INVALID', `${field} ${reason}`, field);
}

/** Everything a `RequestFiled` + `RequestRouted` pair needs to be valid events. */
export function requireValidFileRequest(command: FileRequest): void {
  requireActor(command.actor);
  requireUuid(command.requestId, 'requestId');
  if (typeof command.source !== 'object' || command.source === null) {
    throw invalid('source', 'must be an object');
  }
  requireAuthorityId(command.source.authority, 'source.authority');
  const connector = command.source.connector ?? null;
  if (connector !== null) requireNonBlank(connector, 'source.connector');
  requireNonBlank(command.source.externalId, 'source.externalId');
  requireOneOf(command.channel, CHANNELS, 'channel');
  requireNonBlank(command.category, 'category');
  requireString(command.description, 'description');
  requireValidLocation(command.location);
  requireValidAttachments(command.attachments);
  const citizen = command.citizen ?? null;
  if (citizen !== null) {
    if (typeof citizen !== 'object') throw invalid('citizen', 'must be an object or null');
    requireNonBlank(citizen.subjectId, 'citizen.subjectId');
    for (const key of ['name', 'email', 'phone', 'address'] as const) {
      if (citizen[key] !== undefined) requireString(citizen[key], `citizen.${key}`);
    }
  }
  requireTimestamp(command.filedAt, 'filedAt');
  if (typeof command.routing !== 'object' || command.routing === null) {
    throw invalid('routing', 'must be an object');
  }
  requireAuthorityIds(command.routing.targets, 'routing.targets');
  requireRuleReference(command.routing.rule, 'routing.rule');
  requireNonBlank(command.routing.reason, 'routing.reason');
}

function requireValidLocation(location: FileRequest['location']): void {
  if (typeof location !== 'object' || location === null) {
    throw invalid('location', 'must be an object');
  }
  if (typeof location.inseeCode !== 'string' || !INSEE_CODE.test(location.inseeCode)) {
    throw invalid('location.inseeCode', 'must be a 5-character INSEE commune code');
  }
  if (location.address !== undefined) requireString(location.address, 'location.address');
  if (location.coordinates !== undefined) {
    const { lat, lon } = location.coordinates ?? {};
    if (!isWithin(lat, 90)) {
      throw invalid('location.coordinates.lat', 'must be a latitude in [-90, 90]');
    }
    if (!isWithin(lon, 180)) {
      throw invalid('location.coordinates.lon', 'must be a longitude in [-180, 180]');
    }
  }
}

function requireValidAttachments(attachments: FileRequest['attachments']): void {
  if (!Array.isArray(attachments)) throw invalid('attachments', 'must be a list');
  attachments.forEach((attachment, index) => {
    const field = `attachments[${index}]`;
    if (typeof attachment !== 'object' || attachment === null) {
      throw invalid(field, 'must be an object');
    }
    if (typeof attachment.url !== 'string' || !URI.test(attachment.url)) {
      throw invalid(`${field}.url`, 'must be an absolute URI');
    }
    if (attachment.mediaType !== undefined) {
      if (typeof attachment.mediaType !== 'string' || !MEDIA_TYPE.test(attachment.mediaType)) {
        throw invalid(`${field}.mediaType`, 'must be a media type like image/jpeg');
      }
    }
    if (attachment.name !== undefined) requireString(attachment.name, `${field}.name`);
  });
}

function isWithin(value: unknown, bound: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= bound;
}

import type { ErasureRequest } from '../../erasure/erasure-report';

/** Erase a citizen's personal data (admin only): see `CitizenErasure`. */
export class EraseCitizenCommand {
  constructor(readonly input: ErasureRequest) {}
}

/** A file the citizen joined, by reference: the hub stores the link, never the content. */
export interface Attachment {
  /** Absolute URI (with a scheme), e.g. `https://grc.gien.fr/pieces/1.jpg`. */
  readonly url: string;
  /** Media type such as `image/jpeg`. */
  readonly mediaType?: string;
  readonly name?: string;
}

import { given } from '../../testing/given-when-then';
import { historyOf } from '../../testing/history';
import {
  addComment,
  close,
  fileRequest,
  GIEN,
  LOIRET,
  ORLEANS,
  REQUEST_ID,
} from '../../testing/sample-commands';

function commentAdded(authority: string, visibility: 'public' | 'internal' = 'public') {
  return {
    type: 'CommentAdded' as const,
    data: {
      requestId: REQUEST_ID,
      commentId: '5f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
      authority,
      text: 'Merci pour le signalement',
      visibility,
    },
    personal: null,
  };
}

describe('AddComment', () => {
  it('records a comment from the origin or from a target', () => {
    given(historyOf(fileRequest()))
      .when(addComment(GIEN))
      .then([commentAdded(GIEN)]);
    given(historyOf(fileRequest()))
      .when(addComment(LOIRET, { visibility: 'internal' }))
      .then([commentAdded(LOIRET, 'internal')]);
  });

  it('accepts comments on a closed request', () => {
    given(historyOf(fileRequest(), close(LOIRET, 'resolved')))
      .when(addComment(GIEN))
      .then([commentAdded(GIEN)]);
  });

  it('refuses an authority that is not involved', () => {
    given(historyOf(fileRequest())).when(addComment(ORLEANS)).then('REQUEST.NOT_INVOLVED');
  });

  it.each([
    ['text', addComment(GIEN, { text: '   ' })],
    ['commentId', addComment(GIEN, { commentId: '' })],
    ['visibility', addComment(GIEN, { visibility: 'private' as never })],
  ])('refuses invalid input, naming the field: %s', (field, command) => {
    given(historyOf(fileRequest())).when(command).then('REQUEST.INVALID', field);
  });

  it('refuses a request that was never filed', () => {
    given([]).when(addComment(GIEN)).then('REQUEST.NOT_FOUND');
  });
});

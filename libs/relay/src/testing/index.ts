export * from './comment-added.fixture';

export * from './comment-added.fixture';
export * from './request-lifecycle.fixture';

export * from './http-api.module';
export * from './create-http-application';
export * from './docs/open-api';
export * from './problems/problem-details';
export * from './problems/problem.exception';
export * from './problems/problem-details.filter';

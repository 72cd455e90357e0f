import 'reflect-metadata';
import { IssueKeyDto } from '../connectors/dto/issue-key.dto';
import { ProblemException } from '../problems/problem.exception';
import { AddCommentDto } from '../requests/dto/add-comment.dto';
import { FastAcceptValidationPipe } from './fast-accept.validation-pipe';

const pipe = new FastAcceptValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
});
const asBody = (metatype: new () => object) => ({ type: 'body' as const, metatype });

describe('FastAcceptValidationPipe', () => {
  it.each([null, [], 'text', 12])(
    'refuses a body that is not a JSON object (%j), naming the body',
    async (body) => {
      // ValidationPipe alone turns null into {}, which a DTO of optional fields accepts.
      const refused = await pipe.transform(body, asBody(IssueKeyDto)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ProblemException);
      expect(refused).toMatchObject({ status: 400, options: { field: 'body' } });
    },
  );

  it('lets a DTO of optional fields be sent without a body', async () => {
    expect(await pipe.transform(undefined, asBody(IssueKeyDto))).toBeInstanceOf(IssueKeyDto);
  });

  it('takes a valid body on the fast path, as its DTO', async () => {
    const comment = await pipe.transform({ text: 'ok' }, asBody(AddCommentDto));
    expect(comment).toBeInstanceOf(AddCommentDto);
    expect(comment).toEqual({ text: 'ok' });
  });

  it('leaves a property of the body (`@Body("name")`) to ValidationPipe', async () => {
    const property = { type: 'body' as const, metatype: String, data: 'name' };
    expect(await pipe.transform('Gien', property)).toBe('Gien');
  });
});

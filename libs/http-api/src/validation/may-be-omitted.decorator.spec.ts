import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validate } from 'class-validator';
import { MayBeOmitted } from './may-be-omitted.decorator';

class Note {
  @MayBeOmitted()
  @IsString()
  text?: string;

  @IsOptional()
  @IsString()
  nullable?: string | null;
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
const failing = async (body: object): Promise<string[]> =>
  (await validate(plainToInstance(Note, body), OPTIONS)).map((error) => error.property);

describe('MayBeOmitted', () => {
  it('lets the field be left out', async () => {
    expect(await failing({})).toEqual([]);
  });

  it('checks it when present', async () => {
    expect(await failing({ text: 'ok' })).toEqual([]);
    expect(await failing({ text: 12 })).toEqual(['text']);
  });

  it('refuses null, where IsOptional lets it through', async () => {
    expect(await failing({ text: null })).toEqual(['text']);
    expect(await failing({ nullable: null })).toEqual([]);
  });
});

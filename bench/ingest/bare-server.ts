import 'reflect-metadata';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';

/** The baseline: NestJS on Fastify, same body parsing, a handler that records nothing. */
@Controller()
class BareController {
  @Post('v1/requests')
  file(@Body() body: unknown): { id: string; received: boolean } {
    return { id: randomUUID(), received: body !== undefined };
  }

  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    BareModule,
    new FastifyAdapter({ bodyLimit: 262_144 }),
    { logger: ['error'] },
  );
  await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 3999) });
}

void main();

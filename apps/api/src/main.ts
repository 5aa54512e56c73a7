import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { GraphQLModule, Query, Resolver, ObjectType, Field } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { HEALTH_STATUSES } from '@fleetscope/types';

@Injectable()
class Svc { hello(): string { return HEALTH_STATUSES.join(','); } }

@ObjectType()
class Hi { @Field() text!: string; }

@Resolver(() => Hi)
class R {
  constructor(private readonly svc: Svc) {}
  @Query(() => Hi) hi(): Hi { return { text: this.svc.hello() }; }
}

@Module({ imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true })], providers: [Svc, R] })
class AppModule {}

const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
await app.listen(4555, '127.0.0.1');
const res = await fetch('http://127.0.0.1:4555/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ hi { text } }' }) });
console.log(await res.text());
await app.close();

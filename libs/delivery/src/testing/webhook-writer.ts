import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { ConnectorIngest, Connectors } from '@maillage/connectors';
import { ConnectorFeed, DispatchCoreModule, type FeedItem } from '@maillage/dispatcher';
import { ServiceRequestsModule } from '@maillage/service-requests';
import { WebhookSecrets } from '../secrets/webhook-secrets';
import { WebhookCoreModule } from '../webhook-core.module';

/**
 * The writing side of a hub, for tests and benchmarks that run the deliverers elsewhere (other
 * processes, other contexts): registers connectors with a webhook and a secret, files and
 * comments requests in their dialects, and reads what each connector should receive — without
 * delivering anything itself.
 */
export class WebhookWriter {
  private constructor(
    private readonly moduleRef: TestingModule,
    readonly connectors: Connectors,
    private readonly ingest: ConnectorIngest,
    private readonly secrets: WebhookSecrets,
    private readonly feed: ConnectorFeed,
  ) {}

  static async open(config: MaillageConfig): Promise<WebhookWriter> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        ServiceRequestsModule.forRoot({ projection: false }),
        DispatchCoreModule,
        WebhookCoreModule,
      ],
    }).compile();
    await moduleRef.init();
    return new WebhookWriter(
      moduleRef,
      moduleRef.get(Connectors, { strict: false }),
      moduleRef.get(ConnectorIngest, { strict: false }),
      moduleRef.get(WebhookSecrets, { strict: false }),
      moduleRef.get(ConnectorFeed, { strict: false }),
    );
  }

  /** A tool of the Loiret département (departement-v1), its webhook at `url`, signed with HMAC. */
  async loiretTool(id: string, url: string | null): Promise<{ id: string; secret: string | null }> {
    await this.connectors.register({
      id,
      authority: 'departement:45',
      name: id,
      dialect: 'departement-v1',
      delivery: { kafka: false, webhook: url === null ? null : { url } },
    });
    return { id, secret: url === null ? null : await this.issueSecret(id) };
  }

  /** Gien's tool (commune-v1): it files the requests, all routed to the département. */
  async gienTool(
    id: string,
    url: string | null = null,
  ): Promise<{ id: string; secret: string | null }> {
    await this.connectors.register({
      id,
      authority: 'commune:45155',
      name: id,
      dialect: 'commune-v1',
      delivery: { kafka: false, webhook: url === null ? null : { url } },
    });
    return { id, secret: url === null ? null : await this.issueSecret(id) };
  }

  /** A new HMAC secret: the connector's loop starts once it has one. */
  async issueSecret(connectorId: string): Promise<string> {
    return (await this.secrets.issue(connectorId, 'hmac-sha256')).secret!;
  }

  /** Files a pothole on a departmental road through Gien's tool; the request's hub id. */
  async file(gienToolId: string, externalId: string): Promise<string> {
    const result = await this.ingest.file(await this.connectors.require(gienToolId), {
      numeroDemande: externalId,
      canal: 'GUICHET',
      categorie: 'ROUTE_DEPARTEMENTALE',
      objet: `Nid-de-poule sur la RD 940 (${externalId})`,
      lieu: { codeInsee: '45155' },
    });
    return result.requestId;
  }

  /** A public comment by Gien's tool on a request it filed. */
  async comment(gienToolId: string, requestId: string, text: string): Promise<void> {
    await this.ingest.update(await this.connectors.require(gienToolId), requestId, {
      action: 'COMMENTAIRE',
      referenceMaillage: requestId,
      commentaire: text,
      interne: false,
    });
  }

  /** Every message the connector should receive so far, in the order it must receive them. */
  async expected(connectorId: string): Promise<FeedItem[]> {
    const connector = await this.connectors.require(connectorId);
    const items: FeedItem[] = [];
    for (let after = 0; ;) {
      const page = await this.feed.read(connector, after, 1000);
      items.push(...page.items);
      if (page.next === after) return items;
      after = page.next;
    }
  }

  async close(): Promise<void> {
    await this.moduleRef.close();
  }
}

import { Agent, request } from 'node:http';

/** The few calls the delivery benchmark makes to a running hub, over keep-alive HTTP. */
export class HubClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private serial = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  /** Registers a connector (`webhookUrl` null: none); its API key. */
  async register(
    id: string,
    authority: string,
    dialect: string,
    webhookUrl: string | null,
  ): Promise<string> {
    const { status, body } = await this.call('POST', '/v1/connectors', this.adminToken, {
      id,
      authority,
      name: id,
      dialect,
      delivery: { kafka: false, webhook: webhookUrl === null ? null : { url: webhookUrl } },
    });
    if (status !== 201) throw new Error(`registering ${id}: ${status} ${JSON.stringify(body)}`);
    return (body as { apiKey: { key: string } }).apiKey.key;
  }

  /** Issues an HMAC secret: the connector's webhook loop starts. */
  async issueSecret(connectorId: string): Promise<void> {
    const { status, body } = await this.call(
      'POST',
      `/v1/connectors/${connectorId}/webhook-secrets`,
      this.adminToken,
      { scheme: 'hmac-sha256' },
    );
    if (status !== 201)
      throw new Error(`secret of ${connectorId}: ${status} ${JSON.stringify(body)}`);
  }

  /** Files a pothole on a departmental road through Gien's tool (routed to the département); the status. */
  async file(gienKey: string, prefix: string): Promise<number> {
    this.serial += 1;
    const { status } = await this.call('POST', '/v1/connectors/gien-bench/requests', gienKey, {
      numeroDemande: `${prefix}-${this.serial}`,
      canal: 'GUICHET',
      categorie: 'ROUTE_DEPARTEMENTALE',
      objet: 'Nid-de-poule sur la RD 940, à la sortie de Gien vers Briare',
      lieu: { codeInsee: '45155' },
    });
    return status;
  }

  /** When each event of a connector's feed was recorded in the hub's log, by event id. */
  async recordedTimes(connectorId: string, key: string): Promise<Map<string, number>> {
    const times = new Map<string, number>();
    for (let after = 0; ;) {
      const { status, body } = await this.call(
        'GET',
        `/v1/connectors/${connectorId}/feed?after=${after}&limit=100`,
        key,
      );
      if (status !== 200) throw new Error(`feed of ${connectorId}: ${status}`);
      const page = body as { items: { id: string; time: string }[]; next: number };
      for (const item of page.items) times.set(item.id, Date.parse(item.time));
      if (page.next === after) return times;
      after = page.next;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private call(
    method: string,
    path: string,
    token: string,
    payload?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const data = payload === undefined ? null : JSON.stringify(payload);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.baseUrl),
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(data === null
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
          });
        },
      );
      req.on('error', reject);
      req.end(data ?? undefined);
    });
  }
}

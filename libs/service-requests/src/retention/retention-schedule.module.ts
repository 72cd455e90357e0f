import {
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { RetentionDueList } from './retention-due-list';

const DAY_MS = 24 * 3600 * 1000;
/** The first listing, a little after boot (not in the way of the boot itself). */
const FIRST_RUN_MS = 60_000;

/**
 * The daily due list: once a day (and a minute after boot), lists the requests whose retention
 * period is over, for the archives service to approve (`GET /v1/retention/due` gives the same
 * list on demand). It destroys nothing and records nothing: request ids and counts go to the log.
 * Import it in one process of a hub (the `hub` app does); `ServiceRequestsModule` must be there.
 */
@Module({})
export class RetentionScheduleModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly dueList: RetentionDueList) {}

  onApplicationBootstrap(): void {
    const run = () => {
      this.list().catch((error: unknown) =>
        this.logger.error(`due list failed: ${(error as Error).message}`),
      );
    };
    this.timer = setTimeout(() => {
      run();
      this.timer = setInterval(run, DAY_MS).unref();
    }, FIRST_RUN_MS).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Lists what is due now and logs it (pseudonymous request ids only). */
  async list(): Promise<number> {
    const { items, policyVersion } = await this.dueList.due();
    if (items.length > 0) {
      this.logger.log(
        `${items.length} request(s) due for disposal under retention policy ${policyVersion}, ` +
          `waiting for the archives service's approval (GET /v1/retention/due): ` +
          `${items
            .slice(0, 20)
            .map((item) => item.requestId)
            .join(', ')}${items.length > 20 ? ', …' : ''}`,
      );
    }
    return items.length;
  }
}

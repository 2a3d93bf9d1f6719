import type { Kysely } from 'kysely';
import { createAuditRepository } from '../audit/index.js';
import { createLoginThrottleRepository, createSessionRepository } from '../auth/index.js';
import { createCollectorRepository } from '../collectors/collectors.repository.js';
import { createContractRepository } from '../contracts/contracts.repository.js';
import { createCustomerRepository } from '../customers/customers.repository.js';
import type { Database, DB, Engine } from '../db/index.js';
import { createDeviceRepository } from '../devices/devices.repository.js';
import { createDealerRepository } from '../dealers/dealers.repository.js';
import { createFleetRepository } from '../fleet/fleet.repository.js';
import { createSupplyJobRepository } from '../fulfilment/fulfilment.repository.js';
import { createJobReportRepository } from '../fulfilment/reports.repository.js';
import { createImportRepository } from '../imports/imports.repository.js';
import { createIntegrationRepository } from '../integrations/integrations.repository.js';
import { createLeadTimeRepository } from '../lead-times/lead-times.repository.js';
import { createMoveRepository } from '../moves/moves.repository.js';
import { createPurchasingRepository } from '../purchasing/purchasing.repository.js';
import { createRequestRepository } from '../requests/requests.repository.js';
import { createSettingsRepository } from '../requests/settings.repository.js';
import { createSpareRepository } from '../requests/spares.repository.js';
import { createStockRepository } from '../stock/stock.repository.js';
import { createTelemetryRepository } from '../telemetry/telemetry.repository.js';
import { createUserRepository } from '../users/users.repository.js';
import { createWarehouseDocumentsRepository } from '../warehouse/documents.repository.js';
import { createWarehouseRepository } from '../warehouse/warehouse.repository.js';

/** Every repository, bound to one connection or transaction. */
export function createRepositories(db: Kysely<DB>) {
  return {
    audit: createAuditRepository(db),
    collectors: createCollectorRepository(db),
    contracts: createContractRepository(db),
    customers: createCustomerRepository(db),
    dealers: createDealerRepository(db),
    devices: createDeviceRepository(db),
    fleet: createFleetRepository(db),
    imports: createImportRepository(db),
    integrations: createIntegrationRepository(db),
    jobReports: createJobReportRepository(db),
    leadTimes: createLeadTimeRepository(db),
    loginThrottle: createLoginThrottleRepository(db),
    moves: createMoveRepository(db),
    purchasing: createPurchasingRepository(db),
    requests: createRequestRepository(db),
    sessions: createSessionRepository(db),
    settings: createSettingsRepository(db),
    spares: createSpareRepository(db),
    supplyJobs: createSupplyJobRepository(db),
    stock: createStockRepository(db),
    telemetry: createTelemetryRepository(db),
    users: createUserRepository(db),
    warehouse: createWarehouseRepository(db),
    warehouseDocuments: createWarehouseDocumentsRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/**
 * What services get instead of a database: repositories, and a way to run several repository calls
 * in one transaction (all of it happens or none of it).
 */
export interface Store {
  repos: Repositories;
  engine: Engine;
  db: Kysely<DB>;
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** Wraps an open database as a Store. */
export function createStore(database: Database): Store {
  return {
    repos: createRepositories(database.db),
    engine: database.engine,
    db: database.db,
    transaction: (work) => database.db.transaction().execute((trx) => work(createRepositories(trx))),
  };
}

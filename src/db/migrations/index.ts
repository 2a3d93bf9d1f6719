import type { Migration } from 'kysely';
import * as core from './0001-core.js';
import * as collection from './0002-collection.js';
import * as forecasts from './0003-forecasts.js';
import * as cycles from './0004-cycles.js';
import * as meterRuns from './0005-meter-runs.js';
import * as requests from './0006-requests.js';
import * as contractsSettings from './0007-contracts-settings.js';
import * as forecastQueue from './0008-forecast-queue.js';
import * as receiptRetention from './0009-receipt-retention.js';
import * as deviceReplacement from './0010-device-replacement.js';
import * as deviceIdentity from './0011-device-identity.js';
import * as supplyPartNumbers from './0012-supply-part-numbers.js';
import * as deviceMoves from './0013-device-moves.js';
import * as loginThrottle from './0015-login-throttle.js';
import * as importRuns from './0016-import-runs.js';
import * as userEmailPerDealer from './0017-user-email-per-dealer.js';
import * as deviceLocationRunsOut from './0018-device-location-runs-out.js';
import * as stockCatalogue from './0019-stock-catalogue.js';
import * as supplyJobs from './0020-supply-jobs.js';
import * as warehouse from './0021-warehouse.js';
import * as purchasing from './0022-purchasing.js';
import * as collectorSites from './0023-collector-sites.js';
import * as serviceLevel from './0024-service-level.js';
import * as devicesBySite from './0025-devices-by-site.js';

/**
 * All migrations in order. Names are fixed once released: Kysely records them in kysely_migration and refuses a
 * name that sorts before one already applied, so a new migration always takes a number after the last (0014 was
 * never used and must stay unused).
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': core,
  '0002-collection': collection,
  '0003-forecasts': forecasts,
  '0004-cycles': cycles,
  '0005-meter-runs': meterRuns,
  '0006-requests': requests,
  '0007-contracts-settings': contractsSettings,
  '0008-forecast-queue': forecastQueue,
  '0009-receipt-retention': receiptRetention,
  '0010-device-replacement': deviceReplacement,
  '0011-device-identity': deviceIdentity,
  '0012-supply-part-numbers': supplyPartNumbers,
  '0013-device-moves': deviceMoves,
  '0015-login-throttle': loginThrottle,
  '0016-import-runs': importRuns,
  '0017-user-email-per-dealer': userEmailPerDealer,
  '0018-device-location-runs-out': deviceLocationRunsOut,
  '0019-stock-catalogue': stockCatalogue,
  '0020-supply-jobs': supplyJobs,
  '0021-warehouse': warehouse,
  '0022-purchasing': purchasing,
  '0023-collector-sites': collectorSites,
  '0024-service-level': serviceLevel,
  '0025-devices-by-site': devicesBySite,
};

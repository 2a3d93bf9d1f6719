import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Link, NavLink, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { portalPageOf } from '../../src/http/portal-pages';
import { canReadRequests, canReadSettings, canWorkRequests, isAdmin, isStaff, useAuth } from './auth';
import { Loading, usePageTitle } from './ui';

// Every page is its own chunk, fetched when first shown; the page a path opens is preloaded beside the
// libraries (the server's Link: rel=modulepreload, from the build's page-chunks.json: web/vite.config.ts,
// src/http/portal.routes.ts), so the split costs it no round trip on a slow network.

/**
 * A page from its own chunk. Unlike a bare React.lazy it does not suspend once the chunk has been
 * run: React holds a Suspense boundary's content back for 300 ms after showing its fallback, which
 * `tonerloop bench portal` measured on every first page. The page being opened, and the login form,
 * are run as the app starts, so they are ready when the app has learnt who is logged in.
 */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: { default: ComponentType<P> } | undefined;
  const preload = () => load().then((page) => (loaded = { default: page }));
  // A thenable that answers at once: React.lazy then renders the page without suspending.
  const Page = lazy(() => (loaded ? ({ then: (resolve: (module: { default: ComponentType<P> }) => void) => resolve(loaded!) } as unknown as Promise<{ default: ComponentType<P> }>) : preload()));
  return Object.assign(Page, { preload });
}
const AdminPage = lazyPage(() => import('./pages/admin').then((m) => m.AdminPage));
const CustomersPage = lazyPage(() => import('./pages/customers').then((m) => m.CustomersPage));
const CustomerPage = lazyPage(() => import('./pages/customers').then((m) => m.CustomerPage));
const DashboardPage = lazyPage(() => import('./pages/dashboard').then((m) => m.DashboardPage));
const DevicePage = lazyPage(() => import('./pages/device').then((m) => m.DevicePage));
const JobPage = lazyPage(() => import('./pages/job').then((m) => m.JobPage));
const JobsPage = lazyPage(() => import('./pages/jobs').then((m) => m.JobsPage));
const LoginPage = lazyPage(() => import('./pages/login').then((m) => m.LoginPage));
const OrderPage = lazyPage(() => import('./pages/order').then((m) => m.OrderPage));
const ReceivingPage = lazyPage(() => import('./pages/receiving').then((m) => m.ReceivingPage));
const RequestsPage = lazyPage(() => import('./pages/requests').then((m) => m.RequestsPage));
const ReportsPage = lazyPage(() => import('./pages/reports').then((m) => m.ReportsPage));
const ScanPage = lazyPage(() => import('./pages/scan').then((m) => m.ScanPage));
const SettingsPage = lazyPage(() => import('./pages/settings').then((m) => m.SettingsPage));
const SitePage = lazyPage(() => import('./pages/site').then((m) => m.SitePage));
const StockPage = lazyPage(() => import('./pages/stock').then((m) => m.StockPage));

/** The pages of each page file (src/pages/<name>.tsx), as the server's table names them (src/http/portal-pages.ts). */
const PAGES_OF: Record<string, { preload(): unknown }[]> = {
  admin: [AdminPage], customers: [CustomersPage, CustomerPage], dashboard: [DashboardPage], device: [DevicePage], job: [JobPage], jobs: [JobsPage],
  order: [OrderPage], receiving: [ReceivingPage], requests: [RequestsPage], reports: [ReportsPage], scan: [ScanPage], settings: [SettingsPage], site: [SitePage], stock: [StockPage],
};
// A chunk that fails to arrive is reported by the page's error boundary when it is shown, not here.
const ignore = () => undefined;
LoginPage.preload().catch(ignore);
for (const page of PAGES_OF[portalPageOf(window.location.pathname, true) ?? ''] ?? []) Promise.resolve(page.preload()).catch(ignore);

/** Catches a rendering error so the user sees a message and a way back, never a blank page. */
class Boundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; key: string }> {
  override state = { error: null as Error | null, key: this.props.resetKey };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }
  override render() {
    if (this.state.error) {
      return <div className="error-box" role="alert"><strong>This page failed to show.</strong> {this.state.error.message} <a href="/">Back to the fleet</a>, or reload the page.</div>;
    }
    return this.props.children;
  }
}

export function App() {
  const { me, loading, logout } = useAuth();
  const location = useLocation();
  if (loading) return <Loading what="Starting TonerLoop" />;
  if (!me) return <Suspense fallback={<Loading what="Starting TonerLoop" />}><LoginPage /></Suspense>;
  const staff = isStaff(me);
  const canSeeStock = me.capabilities.includes('stock:read');
  // The reports are for the people who work jobs (dispatchers, admins), not the warehouse or a customer.
  const canSeeReports = me.capabilities.includes('jobs:work');
  const canSeeJobs = me.capabilities.includes('jobs:read');
  const canScan = me.capabilities.includes('warehouse:scan');
  const canReceive = me.capabilities.includes('warehouse:receive');
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand"><img src="/favicon.svg" alt="" width={24} height={24} />TonerLoop</Link>
        <nav aria-label="Main">
          <NavLink to="/" end>{staff ? 'Fleet' : 'Your printers'}</NavLink>
          {canReadRequests(me) && <NavLink to="/requests">{staff ? 'Requests' : 'Orders'}</NavLink>}
          {canSeeJobs && <NavLink to="/jobs">{staff ? 'Jobs' : 'Deliveries'}</NavLink>}
          {staff && canReadSettings(me) && <NavLink to="/customers">Customers</NavLink>}
          {canSeeStock && <NavLink to="/stock">Stock</NavLink>}
          {canScan && <NavLink to="/scan">Scan station</NavLink>}
          {canReceive && <NavLink to="/warehouse/receiving">Receiving</NavLink>}
          {canSeeReports && <NavLink to="/reports">Reports</NavLink>}
          {staff && canReadSettings(me) && <NavLink to="/settings">Settings</NavLink>}
          {isAdmin(me) && <NavLink to="/admin">Administration</NavLink>}
        </nav>
        <div className="user">
          <span className="user-name" title={me.email ?? undefined}>{me.name ?? me.email}<small>{roleText(me.role)}</small></span>
          <button type="button" className="button button-ghost" onClick={() => void logout()}>Log out</button>
        </div>
      </header>
      <main className="content">
        <Boundary resetKey={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={<DashboardPage />} />
              <Route path="/devices/:id" element={<DevicePage />} />
              <Route path="/devices/:id/order" element={<OrderPage />} />
              {canReadRequests(me) && <Route path="/requests" element={<RequestsPage canWork={canWorkRequests(me)} />} />}
              {canSeeJobs && <Route path="/jobs" element={<JobsPage />} />}
              {canSeeJobs && <Route path="/jobs/:id" element={<JobPage />} />}
              {staff && canReadSettings(me) && <Route path="/customers" element={<CustomersPage />} />}
              {staff && canReadSettings(me) && <Route path="/customers/:id" element={<CustomerPage />} />}
              {staff && canReadSettings(me) && <Route path="/customers/:id/sites/:siteId" element={<SitePage />} />}
              {canSeeStock && <Route path="/stock" element={<StockPage />} />}
              {canScan && <Route path="/scan" element={<ScanPage />} />}
              {canReceive && <Route path="/warehouse/receiving" element={<ReceivingPage />} />}
              {canSeeReports && <Route path="/reports" element={<ReportsPage />} />}
              {staff && canReadSettings(me) && <Route path="/settings" element={<SettingsPage />} />}
              {isAdmin(me) && <Route path="/admin" element={<AdminPage />} />}
              <Route path="/login" element={<Navigate to="/" replace />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </Boundary>
      </main>
    </div>
  );
}

function NotFound() {
  usePageTitle('No such page');
  return <div className="empty"><h1 className="empty-title">There is no such page.</h1><div className="empty-body"><Link to="/">Go to the fleet</Link>.</div></div>;
}

function roleText(role: string | null): string {
  return ({ 'dealer-admin': 'Dealer admin', dispatcher: 'Dispatcher', 'warehouse-operator': 'Warehouse', 'customer-key-user': 'Key user' } as Record<string, string>)[role ?? ''] ?? '';
}

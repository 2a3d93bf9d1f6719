import { Component, lazy, Suspense, type ReactNode } from 'react';
import { Link, NavLink, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { canWorkRequests, isAdmin, isStaff, useAuth } from './auth';
import { Loading } from './ui';

// Every page is its own chunk (the device page's chart with it), fetched when first shown; the pages a
// phone opens directly (login, fleet, device) are preloaded by index.html beside the libraries
// (web/vite.config.ts), so the split costs them no round trip on a slow network.
const pageChunks = {
  admin: () => import('./pages/admin'),
  customers: () => import('./pages/customers'),
  dashboard: () => import('./pages/dashboard'),
  device: () => import('./pages/device'),
  login: () => import('./pages/login'),
  order: () => import('./pages/order'),
  requests: () => import('./pages/requests'),
  settings: () => import('./pages/settings'),
};
const AdminPage = lazy(() => pageChunks.admin().then((m) => ({ default: m.AdminPage })));
const CustomersPage = lazy(() => pageChunks.customers().then((m) => ({ default: m.CustomersPage })));
const CustomerPage = lazy(() => pageChunks.customers().then((m) => ({ default: m.CustomerPage })));
const DashboardPage = lazy(() => pageChunks.dashboard().then((m) => ({ default: m.DashboardPage })));
const DevicePage = lazy(() => pageChunks.device().then((m) => ({ default: m.DevicePage })));
const LoginPage = lazy(() => pageChunks.login().then((m) => ({ default: m.LoginPage })));
const OrderPage = lazy(() => pageChunks.order().then((m) => ({ default: m.OrderPage })));
const RequestsPage = lazy(() => pageChunks.requests().then((m) => ({ default: m.RequestsPage })));
const SettingsPage = lazy(() => pageChunks.settings().then((m) => ({ default: m.SettingsPage })));

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
      return <div className="error-box" role="alert"><strong>This page failed to show.</strong> {this.state.error.message} <a href="/">Back to the fleet</a> or reload the page.</div>;
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
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand"><img src="/favicon.svg" alt="" width={24} height={24} />TonerLoop</Link>
        <nav aria-label="Main">
          <NavLink to="/" end>{staff ? 'Fleet' : 'Your printers'}</NavLink>
          <NavLink to="/requests">{staff ? 'Requests' : 'Orders'}</NavLink>
          {staff && <NavLink to="/customers">Customers</NavLink>}
          {staff && <NavLink to="/settings">Settings</NavLink>}
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
              <Route path="/requests" element={<RequestsPage canWork={canWorkRequests(me)} />} />
              {staff && <Route path="/customers" element={<CustomersPage />} />}
              {staff && <Route path="/customers/:id" element={<CustomerPage />} />}
              {staff && <Route path="/settings" element={<SettingsPage />} />}
              {isAdmin(me) && <Route path="/admin" element={<AdminPage />} />}
              <Route path="/login" element={<Navigate to="/" replace />} />
              <Route path="*" element={<div className="empty"><div className="empty-title">There is no such page.</div><div className="empty-body"><Link to="/">Go to the fleet</Link>.</div></div>} />
            </Routes>
          </Suspense>
        </Boundary>
      </main>
    </div>
  );
}

function roleText(role: string | null): string {
  return ({ 'dealer-admin': 'Dealer admin', dispatcher: 'Dispatcher', 'warehouse-operator': 'Warehouse', 'customer-key-user': 'Key user' } as Record<string, string>)[role ?? ''] ?? '';
}

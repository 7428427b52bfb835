import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { AppShell } from './components/AppShell';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { UnsubscribePage } from './pages/UnsubscribePage';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { MembersPage } from './pages/MembersPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';

// The cost pages bring the charting library: loaded on first visit, so that sign-in stays light.
const OverviewPage = lazy(() => import('./pages/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const CostsPage = lazy(() => import('./pages/CostsPage').then((m) => ({ default: m.CostsPage })));
const WorkloadsPage = lazy(() => import('./pages/WorkloadsPage').then((m) => ({ default: m.WorkloadsPage })));
const WorkloadPage = lazy(() => import('./pages/workload/WorkloadPage').then((m) => ({ default: m.WorkloadPage })));
const ConnectPage = lazy(() => import('./pages/ConnectPage').then((m) => ({ default: m.ConnectPage })));
const RecommendationsPage = lazy(() => import('./pages/recommendations/RecommendationsPage').then((m) => ({ default: m.RecommendationsPage })));
const RecommendationPage = lazy(() => import('./pages/recommendations/RecommendationPage').then((m) => ({ default: m.RecommendationPage })));
const CalibrationPage = lazy(() => import('./pages/recommendations/CalibrationPage').then((m) => ({ default: m.CalibrationPage })));
const PriceOverridesPage = lazy(() => import('./pages/pricing/PriceOverridesPage').then((m) => ({ default: m.PriceOverridesPage })));
const ReportSubscriptionsPage = lazy(() => import('./pages/reports/ReportSubscriptionsPage').then((m) => ({ default: m.ReportSubscriptionsPage })));

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/signup" element={<SignUpPage />} />
      <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
      <Route path="/unsubscribe" element={<UnsubscribePage />} />
      <Route element={<AppShell />}>
        <Route index element={<OverviewPage />} />
        <Route path="costs" element={<CostsPage />} />
        <Route path="workloads" element={<WorkloadsPage />} />
        <Route path="workloads/:key" element={<WorkloadPage />} />
        <Route path="recommendations" element={<RecommendationsPage />} />
        <Route path="recommendations/calibration" element={<CalibrationPage />} />
        <Route path="recommendations/:id" element={<RecommendationPage />} />
        <Route path="connect" element={<ConnectPage />} />
        <Route path="settings">
          <Route path="members" element={<MembersPage />} />
          <Route path="api-keys" element={<ApiKeysPage />} />
          <Route path="pricing" element={<PriceOverridesPage />} />
          <Route path="reports" element={<ReportSubscriptionsPage />} />
          <Route path="profile" element={<ProfilePage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

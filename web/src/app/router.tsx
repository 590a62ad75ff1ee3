import { createBrowserRouter, Navigate } from 'react-router';
import { AdminOverviewPage, AdminPricesPage, AdminTenantsPage, adminTenantRoutes } from '../features/admin';
import { adminAgencyRoutes, agencyRoutes } from '../features/agency';
import {
  AcceptInvitationPage,
  ForgotPasswordPage,
  LoginPage,
  NoWorkspacePage,
  ResetPasswordPage,
  SignupPage,
} from '../features/auth';
import { analyticsRoutes } from '../features/analytics';
import { automationRoutes } from '../features/automations';
import { adminBillingRoutes, billingRoutes } from '../features/billing';
import { brandRoutes } from '../features/brand';
import { campaignRoutes } from '../features/campaigns';
import { conversationRoutes } from '../features/conversations';
import { crmRoutes } from '../features/crm';
import { AgentDashboardPage, OwnerDashboardPage } from '../features/dashboard';
import { ContactDealsAndTickets, dealRoutes } from '../features/deals';
import { domainsRoute } from '../features/brand/domainsRoutes';
import { mailRoutes } from '../features/brand/mailRoutes';
import { devDnsRoute } from '../features/devdns';
import { DevMailboxPage } from '../features/devmail';
import { flowRoutes } from '../features/flows';
import { inboxSettingsRoutes } from '../features/inbox';
import { operationsAdminRoutes } from '../features/operations/routes';
import { ApiKeysPage, AuditLogPage, ProfilePage } from '../features/settings';
import { enrolmentRoute, securityRoutes } from '../features/security';
import { TeamPage } from '../features/team';
import { ticketRoutes } from '../features/tickets';
import { webhookRoutes } from '../features/webhooks';
import { widgetRoutes } from '../features/widgets';
import { ConnectionDetailPage, WhatsappNumbersPage } from '../features/whatsapp';
import { AnyVisitor, PublicOnly, RequireArea, RequireEnrolment, RequireNoArea, RootRedirect, SecurityRedirect } from './guards';
import { AdminLayout } from './layouts/AdminLayout';
import { AgentLayout } from './layouts/AgentLayout';
import { UserLayout } from './layouts/UserLayout';
import { NotFoundPage } from './NotFoundPage';
import { ENROL_PATH, SECURITY_LINK } from './routing';

export function createRouter() {
  return createBrowserRouter([
    { path: '/', element: <RootRedirect /> },
    {
      element: <PublicOnly />,
      children: [
        { path: '/login', element: <LoginPage /> },
        { path: '/signup', element: <SignupPage /> },
        { path: '/forgot-password', element: <ForgotPasswordPage /> },
      ],
    },
    {
      element: <AnyVisitor />,
      children: [
        { path: '/reset-password', element: <ResetPasswordPage /> },
        { path: '/invite/:token', element: <AcceptInvitationPage /> },
      ],
    },
    { path: '/dev/mailbox', element: <DevMailboxPage /> },
    // The demo's DNS server (demo mode): where a visitor creates the records a custom domain asks for.
    devDnsRoute(),
    // The link in the mail sent when Parley turns an endpoint off.
    { path: '/settings/webhooks', element: <Navigate to="/app/webhooks" replace /> },
    // The simulated customer's phone (demo mode): public, no sign-in, outside the app's frame.
    {
      path: '/phone',
      lazy: async () => {
        const { CustomerPhonePage } = await import('../features/phone');
        return { element: <CustomerPhonePage /> };
      },
    },
    { element: <RequireNoArea />, children: [{ path: '/no-workspace', element: <NoWorkspacePage /> }] },
    // A session that must set up two-factor sign-in is kept here; the new-device mail links to SECURITY_LINK.
    { element: <RequireEnrolment />, children: [enrolmentRoute(ENROL_PATH)] },
    { path: SECURITY_LINK, element: <SecurityRedirect /> },
    {
      path: '/admin',
      element: <RequireArea area="admin" />,
      children: [
        {
          element: <AdminLayout />,
          children: [
            { index: true, element: <AdminOverviewPage /> },
            { path: 'tenants', element: <AdminTenantsPage /> },
            { path: 'prices', element: <AdminPricesPage /> },
            ...adminTenantRoutes(),
            ...adminAgencyRoutes(),
            ...adminBillingRoutes(),
            ...operationsAdminRoutes(),
            { path: 'profile', element: <ProfilePage /> },
            ...securityRoutes(),
          ],
        },
      ],
    },
    {
      path: '/app',
      element: <RequireArea area="user" />,
      children: [
        {
          element: <UserLayout />,
          children: [
            { index: true, element: <OwnerDashboardPage /> },
            conversationRoutes('/app/conversations'),
            ...crmRoutes('/app', { contactPanels: (id) => <ContactDealsAndTickets contactId={id} area="/app" /> }),
            ...dealRoutes('/app'),
            ...ticketRoutes('/app'),
            ...flowRoutes(),
            ...campaignRoutes(),
            ...analyticsRoutes(),
            ...automationRoutes(),
            { path: 'whatsapp', element: <WhatsappNumbersPage /> },
            { path: 'whatsapp/:id', element: <ConnectionDetailPage /> },
            { path: 'team', element: <TeamPage /> },
            inboxSettingsRoutes('/app/inbox-settings'),
            { path: 'api-keys', element: <ApiKeysPage /> },
            // Owner-only pages seldom opened: each in its own chunk, off the first page.
            {
              path: 'access',
              lazy: async () => {
                const { AccessPage } = await import('../features/settings/components/AccessPage');
                return { element: <AccessPage /> };
              },
            },
            ...webhookRoutes(),
            ...widgetRoutes(),
            { path: 'audit-log', element: <AuditLogPage /> },
            {
              path: 'data-privacy',
              lazy: async () => {
                const { DataPrivacyPage } = await import('../features/privacy/components/DataPrivacyPage');
                return { element: <DataPrivacyPage /> };
              },
            },
            ...billingRoutes(),
            ...brandRoutes(),
            ...agencyRoutes(),
            domainsRoute(),
            ...mailRoutes(),
            { path: 'profile', element: <ProfilePage /> },
            ...securityRoutes(),
          ],
        },
      ],
    },
    {
      path: '/agent',
      element: <RequireArea area="agent" />,
      children: [
        {
          element: <AgentLayout />,
          children: [
            { index: true, element: <AgentDashboardPage /> },
            conversationRoutes('/agent/conversations'),
            ...crmRoutes('/agent', { manager: false, contactPanels: (id) => <ContactDealsAndTickets contactId={id} area="/agent" /> }),
            ...dealRoutes('/agent'),
            ...ticketRoutes('/agent'),
            ...analyticsRoutes(),
            { path: 'profile', element: <ProfilePage /> },
            ...securityRoutes(),
          ],
        },
      ],
    },
    { path: '*', element: <NotFoundPage /> },
  ]);
}

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../queryClient';
import { json, makeMe, mockFetch, noContent, problem, renderWithProviders, sentRequests, tenantA } from '../../test/utils';
import type { ReportDelivery, ReportSubscription, Role } from '../../api/types';

// The user reads times in their own zone: Tokyo (UTC+9) here, so that a UTC instant visibly moves.
vi.hoisted(() => {
  vi.stubEnv('TZ', 'Asia/Tokyo');
});

const { ReportSubscriptionsPage, previewDocument } = await import('./ReportSubscriptionsPage');

const me = makeMe();
const otherUserId = 'bbbbbbbb-0000-0000-0000-000000000002';

function subscription(overrides: Partial<ReportSubscription> = {}): ReportSubscription {
  return {
    id: '5a0c1e6e-0000-4000-8000-000000000001',
    name: 'Weekly GPU costs',
    recipients: ['ada@example.com', 'grace@example.com'],
    cadence: 'WEEKLY',
    dayOfWeek: 'MONDAY',
    dayOfMonth: null,
    timeOfDay: '08:00:00',
    timeZone: 'Europe/Berlin',
    team: 'search',
    project: null,
    label: null,
    content: ['COST_SUMMARY', 'OPEN_RECOMMENDATIONS'],
    createdBy: me.userId,
    createdByEmail: 'ada@example.com',
    createdAt: '2026-11-01T10:00:00Z',
    nextRunAt: '2026-11-30T07:00:00Z',
    lastDelivery: null,
    ...overrides,
  };
}

const monthly = subscription({
  id: '5a0c1e6e-0000-4000-8000-000000000002',
  name: 'Monthly finance digest',
  recipients: ['finance@example.com'],
  cadence: 'MONTHLY',
  dayOfWeek: null,
  dayOfMonth: 1,
  timeOfDay: '07:30:00',
  timeZone: 'UTC',
  team: null,
  content: ['COST_SUMMARY', 'TOP_MOVERS', 'OPEN_RECOMMENDATIONS', 'VERIFIED_SAVINGS'],
  createdBy: otherUserId,
  createdByEmail: 'lin@example.com',
  nextRunAt: '2026-12-01T07:30:00Z',
});

/** A chart as the API embeds it: a PNG (here the smallest one) as a data URI. */
const CHART =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function delivery(overrides: Partial<ReportDelivery> = {}): ReportDelivery {
  return {
    id: 'd-1',
    dueAt: '2026-11-23T07:00:00Z',
    periodFrom: '2026-11-16',
    periodTo: '2026-11-23',
    status: 'SENT',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    sentAt: '2026-11-23T07:00:05Z',
    recipients: ['ada@example.com', 'grace@example.com'],
    ...overrides,
  };
}

const weeklyLog = [
  delivery({
    id: 'd-3',
    dueAt: '2026-11-23T07:00:00Z',
    status: 'RETRYING',
    attempts: 2,
    nextAttemptAt: '2026-11-23T07:10:00Z',
    lastError: 'Mail server connection failed: Connection refused',
    sentAt: null,
  }),
  delivery({ id: 'd-2', dueAt: '2026-11-16T07:00:00Z', periodFrom: '2026-11-09', periodTo: '2026-11-16', sentAt: '2026-11-16T07:00:04Z' }),
  delivery({
    id: 'd-1',
    dueAt: '2026-11-09T07:00:00Z',
    periodFrom: '2026-11-02',
    periodTo: '2026-11-09',
    status: 'FAILED',
    attempts: 5,
    lastError: '550 mailbox unavailable',
    sentAt: null,
  }),
];

/** The weekly subscription as the list gives it: with the newest entry of its log. */
const weeklyWithLog = () => subscription({ lastDelivery: weeklyLog[0] });

type Handler = (request: Request) => Response | Promise<Response>;

function routes(overrides: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    'GET /api/v1/report-subscriptions': () => json([weeklyWithLog(), monthly]),
    [`GET /api/v1/report-subscriptions/${subscription().id}/deliveries`]: () => json(weeklyLog),
    [`GET /api/v1/report-subscriptions/${monthly.id}/deliveries`]: () => json([]),
    ...overrides,
  };
}

function renderPage(role: Role = 'ADMIN') {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe({ currentTenant: { ...tenantA, role } }));
  return renderWithProviders(<ReportSubscriptionsPage />, { route: '/settings/reports', queryClient });
}

/** Filling a whole form key by key takes seconds on a busy machine. */
const FORM_TEST_TIMEOUT = 20_000;

function card(name: string) {
  return screen.findByRole('article', { name });
}

function meta(article: HTMLElement): Record<string, string> {
  const terms = within(article).getAllByRole('term');
  return Object.fromEntries(terms.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? '']));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('ReportSubscriptionsPage', () => {
  it('lists the subscriptions: cadence in words, scope, sections, the next report in the user’s time zone and the last delivery', async () => {
    const fetchMock = mockFetch(routes());
    renderPage('ADMIN');
    expect(screen.getByRole('heading', { level: 1, name: 'Report subscriptions' })).toBeInTheDocument();

    const weekly = await card('Weekly GPU costs');
    expect(meta(weekly)).toEqual({
      Recipients: 'ada@example.com, grace@example.com',
      Schedule: 'Weekly on Monday at 08:00 Europe/Berlin',
      Scope: 'Team search',
      Sections: 'Cost summary, Open recommendations',
      // 07:00 UTC is 16:00 in Tokyo.
      'Next report': 'Nov 30, 2026, 4:00 PM (in 7 days)',
      'Last delivery': 'Retrying next attempt Nov 23, 2026, 4:10 PM (2 attempts so far)Reason: Mail server connection failed: Connection refused',
      'Set up by': 'You',
    });

    const digest = await card('Monthly finance digest');
    expect(meta(digest)).toMatchObject({
      'Set up by': 'lin@example.com',
      Schedule: 'Monthly on the 1st at 07:30 UTC',
      Scope: 'All workloads',
      Sections: 'Cost summary, Top movers, Open recommendations, Verified savings',
      'Last delivery': 'None yet',
    });
    // Admins manage everyone's subscriptions.
    expect(within(digest).getByRole('button', { name: 'Edit' })).toHaveAccessibleDescription('Monthly finance digest');
    expect(within(digest).getByRole('button', { name: 'Delete Monthly finance digest' })).toBeInTheDocument();
    // The list carries the last deliveries and the creators' addresses: one request, none per subscription.
    expect((await sentRequests(fetchMock)).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/report-subscriptions']);
  });

  it('says who set a subscription up: a member by address, an API key, or a former member', async () => {
    mockFetch(
      routes({
        'GET /api/v1/report-subscriptions': () =>
          json([
            subscription({ id: 's-1', name: 'By a machine', createdBy: 'api-key:0c6f0000-0000-4000-8000-000000000009', createdByEmail: null }),
            subscription({ id: 's-2', name: 'By someone who left', createdBy: 'cccccccc-0000-0000-0000-000000000003', createdByEmail: null }),
            monthly,
          ]),
      }),
    );
    renderPage('OWNER');

    expect(meta(await card('By a machine'))['Set up by']).toBe('An API key');
    expect(meta(await card('By someone who left'))['Set up by']).toBe('A former member');
    expect(meta(await card('Monthly finance digest'))['Set up by']).toBe('lin@example.com');
  });

  it('shows a failed last delivery with its reason', async () => {
    mockFetch(routes({ 'GET /api/v1/report-subscriptions': () => json([subscription({ lastDelivery: weeklyLog[2] })]) }));
    renderPage('ADMIN');

    expect(meta(await card('Weekly GPU costs'))['Last delivery']).toBe('Failed gave up after 5 attemptsReason: 550 mailbox unavailable');
  });

  it('creates a subscription with the right body and shows when it goes out', async () => {
    let list: ReportSubscription[] = [];
    const created = subscription({ id: 'new-1', name: 'Search team weekly', nextRunAt: '2026-11-24T06:30:00Z' });
    const fetchMock = mockFetch(
      routes({
        'GET /api/v1/report-subscriptions': () => json(list),
        'POST /api/v1/report-subscriptions': () => {
          list = [created];
          return json(created, 201);
        },
        'GET /api/v1/report-subscriptions/new-1/deliveries': () => json([]),
      }),
    );
    const user = userEvent.setup();
    renderPage('ADMIN');
    expect(await screen.findByText('No report subscriptions yet')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New subscription' }));
    const form = screen.getByRole('form', { name: 'New subscription' });
    expect(screen.getByRole('heading', { name: 'New subscription' })).toHaveFocus();
    await user.type(within(form).getByLabelText('Name'), 'Search team weekly');
    expect(within(form).getByLabelText('Recipient 1')).toHaveValue('ada@example.com');
    await user.click(within(form).getByRole('button', { name: 'Add recipient' }));
    expect(within(form).getByLabelText('Recipient 2')).toHaveFocus();
    await user.type(within(form).getByLabelText('Recipient 2'), 'grace@example.com');
    await user.selectOptions(within(form).getByLabelText('Frequency'), 'WEEKLY');
    await user.selectOptions(within(form).getByLabelText('Day of the week'), 'TUESDAY');
    const time = within(form).getByLabelText('Time');
    await user.clear(time);
    await user.type(time, '07:30');
    await user.selectOptions(within(form).getByLabelText('Time zone'), 'Europe/Berlin');
    expect(within(form).getByText(/Goes out weekly on Tuesday at 07:30 Europe\/Berlin/)).toBeInTheDocument();
    await user.selectOptions(within(form).getByLabelText('Workloads'), 'team');
    await user.type(within(form).getByLabelText('Team'), 'search');
    await user.click(within(form).getByRole('checkbox', { name: /Top movers/ }));
    await user.click(within(form).getByRole('button', { name: 'Create subscription' }));

    expect(await screen.findByText('Saved “Search team weekly”. The next report goes out Nov 24, 2026, 3:30 PM.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New subscription' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'New subscription' })).toHaveFocus();
    expect(await card('Search team weekly')).toBeInTheDocument();
    const post = (await sentRequests(fetchMock)).find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/api/v1/report-subscriptions');
    expect(post.body).toEqual({
      name: 'Search team weekly',
      recipients: ['ada@example.com', 'grace@example.com'],
      cadence: 'WEEKLY',
      dayOfWeek: 'TUESDAY',
      timeOfDay: '07:30',
      timeZone: 'Europe/Berlin',
      team: 'search',
      content: ['COST_SUMMARY', 'OPEN_RECOMMENDATIONS', 'VERIFIED_SAVINGS'],
    });
  }, FORM_TEST_TIMEOUT);

  it('checks each field before sending and names what is wrong next to it', async () => {
    const fetchMock = mockFetch(routes());
    const user = userEvent.setup();
    renderPage('ADMIN');
    await user.click(await screen.findByRole('button', { name: 'New subscription' }));
    const form = screen.getByRole('form', { name: 'New subscription' });
    await user.click(within(form).getByRole('button', { name: 'Add recipient' }));
    await user.type(within(form).getByLabelText('Recipient 2'), 'not-an-address');
    await user.selectOptions(within(form).getByLabelText('Frequency'), 'MONTHLY');
    const day = within(form).getByLabelText('Day of the month');
    await user.clear(day);
    await user.type(day, '31');
    await user.selectOptions(within(form).getByLabelText('Workloads'), 'label');
    await user.type(within(form).getByLabelText('Label'), 'llama');
    for (const section of ['Cost summary', 'Top movers', 'Open recommendations', 'Verified savings']) {
      await user.click(within(form).getByRole('checkbox', { name: new RegExp(section) }));
    }
    await user.click(within(form).getByRole('button', { name: 'Create subscription' }));

    expect(await within(form).findByText('Could not create the subscription')).toBeInTheDocument();
    expect(within(form).getByLabelText('Name')).toHaveAccessibleDescription(/is required/);
    expect(within(form).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Recipient 1')).not.toHaveAttribute('aria-invalid');
    expect(within(form).getByLabelText('Recipient 2')).toHaveAccessibleDescription('must be an e-mail address');
    expect(day).toHaveAccessibleDescription(/must be 1 to 28/);
    expect(within(form).getByLabelText('Label')).toHaveAccessibleDescription(/must be name:value/);
    expect(within(form).getByRole('group', { name: 'Sections' })).toHaveAccessibleDescription('choose at least one section');
    expect(fetchMock.mock.calls.some(([r]) => (r as Request).method !== 'GET')).toBe(false);
  }, FORM_TEST_TIMEOUT);

  it('shows the fields the server rejected next to them', async () => {
    mockFetch(
      routes({
        'POST /api/v1/report-subscriptions': () =>
          problem(400, {
            title: 'Bad Request',
            detail: 'Invalid fields',
            errors: [
              { pointer: '/recipients/1', detail: 'must be your own address: only admins subscribe others' },
              { pointer: '/timeZone', detail: 'must be an IANA time zone such as Europe/Berlin' },
            ],
          }),
      }),
    );
    const user = userEvent.setup();
    renderPage('ADMIN');
    await user.click(await screen.findByRole('button', { name: 'New subscription' }));
    const form = screen.getByRole('form', { name: 'New subscription' });
    await user.type(within(form).getByLabelText('Name'), 'Costs');
    await user.click(within(form).getByRole('button', { name: 'Add recipient' }));
    await user.type(within(form).getByLabelText('Recipient 2'), 'grace@example.com');
    await user.click(within(form).getByRole('button', { name: 'Create subscription' }));

    expect(await within(form).findByText('Invalid fields')).toBeInTheDocument();
    expect(within(form).getByLabelText('Recipient 2')).toHaveAccessibleDescription('must be your own address: only admins subscribe others');
    expect(within(form).getByLabelText('Recipient 2')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Time zone')).toHaveAccessibleDescription(/must be an IANA time zone/);
  }, FORM_TEST_TIMEOUT);

  it('lets a member subscribe only themselves and change their own subscription', async () => {
    const mine = subscription({ recipients: ['ada@example.com'] });
    const fetchMock = mockFetch(
      routes({
        'GET /api/v1/report-subscriptions': () => json([mine]),
        'POST /api/v1/report-subscriptions': () => json(subscription({ id: 'new-2', name: 'Mine' }), 201),
        [`PATCH /api/v1/report-subscriptions/${mine.id}`]: () => json({ ...mine, cadence: 'DAILY' }),
      }),
    );
    const user = userEvent.setup();
    renderPage('MEMBER');
    expect(screen.getByText(/You see the reports you set up, sent to you \(ada@example.com\)/)).toBeInTheDocument();
    const article = await card('Weekly GPU costs');
    expect(within(article).queryByText('Set up by')).not.toBeInTheDocument();

    await user.click(within(article).getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit “Weekly GPU costs”' });
    expect(within(form).queryByRole('textbox', { name: /Recipient/ })).not.toBeInTheDocument();
    expect(within(form).getByRole('group', { name: 'Recipients' })).toHaveTextContent('ada@example.com — only owners and admins send reports to others.');
    expect(within(form).getByLabelText('Time')).toHaveValue('08:00');
    expect(within(form).getByLabelText('Team')).toHaveValue('search');
    await user.selectOptions(within(form).getByLabelText('Frequency'), 'DAILY');
    await user.selectOptions(within(form).getByLabelText('Workloads'), 'all');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    await screen.findByText(/Saved “Weekly GPU costs”/);
    // Focus goes back to the Edit button the form was opened with.
    expect(within(article).getByRole('button', { name: 'Edit' })).toHaveFocus();
    const patch = (await sentRequests(fetchMock)).find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({
      name: 'Weekly GPU costs',
      cadence: 'DAILY',
      timeOfDay: '08:00',
      timeZone: 'Europe/Berlin',
      team: '',
      project: '',
      label: '',
      content: ['COST_SUMMARY', 'OPEN_RECOMMENDATIONS'],
    });

    await user.click(screen.getByRole('button', { name: 'New subscription' }));
    const create = screen.getByRole('form', { name: 'New subscription' });
    await user.type(within(create).getByLabelText('Name'), 'Mine');
    await user.click(within(create).getByRole('button', { name: 'Create subscription' }));
    await screen.findByText(/Saved “Mine”/);
    expect((await sentRequests(fetchMock)).find((r) => r.method === 'POST')!.body).toMatchObject({ name: 'Mine', recipients: ['ada@example.com'] });
  }, FORM_TEST_TIMEOUT);

  it('moves a weekly report to monthly: sends only the new day and shows the day the server asks for next to its field', async () => {
    let answer: () => Response = () =>
      problem(400, { title: 'Bad Request', detail: 'Invalid fields', errors: [{ pointer: '/dayOfMonth', detail: 'is required for a monthly report (1 to 28)' }] });
    const fetchMock = mockFetch(
      routes({ [`PATCH /api/v1/report-subscriptions/${subscription().id}`]: () => answer() }),
    );
    const user = userEvent.setup();
    renderPage('ADMIN');
    await user.click(within(await card('Weekly GPU costs')).getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit “Weekly GPU costs”' });
    await user.selectOptions(within(form).getByLabelText('Frequency'), 'MONTHLY');
    expect(within(form).queryByLabelText('Day of the week')).not.toBeInTheDocument();
    const day = within(form).getByLabelText('Day of the month');
    await user.clear(day);
    await user.type(day, '15');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await within(form).findByText('Invalid fields')).toBeInTheDocument();
    expect(day).toHaveAccessibleDescription(/is required for a monthly report/);
    const patch = (await sentRequests(fetchMock)).find((r) => r.method === 'PATCH')!;
    expect(patch.body).toMatchObject({ cadence: 'MONTHLY', dayOfMonth: 15 });
    expect(patch.body).not.toHaveProperty('dayOfWeek');

    answer = () => json(subscription({ cadence: 'MONTHLY', dayOfWeek: null, dayOfMonth: 15, nextRunAt: '2026-12-15T07:00:00Z' }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/Saved “Weekly GPU costs”/)).toBeInTheDocument();
  }, FORM_TEST_TIMEOUT);

  it('hides the edit and delete buttons of subscriptions a member did not set up', async () => {
    mockFetch(routes({ 'GET /api/v1/report-subscriptions': () => json([monthly]) }));
    renderPage('MEMBER');
    const article = await card('Monthly finance digest');
    expect(within(article).queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(within(article).queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    expect(within(article).getByRole('button', { name: 'Preview' })).toBeInTheDocument();
  });

  it('deletes a subscription only after confirmation', async () => {
    let list = [subscription(), monthly];
    const fetchMock = mockFetch(
      routes({
        'GET /api/v1/report-subscriptions': () => json(list),
        [`DELETE /api/v1/report-subscriptions/${monthly.id}`]: () => {
          list = [subscription()];
          return noContent();
        },
      }),
    );
    const user = userEvent.setup();
    renderPage('OWNER');
    const article = await card('Monthly finance digest');
    await user.click(within(article).getByRole('button', { name: 'Delete Monthly finance digest' }));
    expect(within(article).getByText('Delete “Monthly finance digest” and its delivery log?')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([r]) => (r as Request).method === 'DELETE')).toBe(false);
    await user.click(within(article).getByRole('button', { name: 'Yes, delete' }));

    expect(await screen.findByText('Deleted “Monthly finance digest” and its delivery log.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Monthly finance digest' })).not.toBeInTheDocument());
    expect(screen.getByRole('article', { name: 'Weekly GPU costs' })).toBeInTheDocument();
    expect((await sentRequests(fetchMock)).filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/api/v1/report-subscriptions/${monthly.id}`]);
  });

  it('shows the delivery log: sent, retrying with the reason and the retry time, failed with the reason', async () => {
    mockFetch(routes());
    const user = userEvent.setup();
    renderPage('ADMIN');
    await user.click(within(await card('Weekly GPU costs')).getByRole('button', { name: 'Delivery log' }));
    const dialog = screen.getByRole('dialog', { name: 'Delivery log: Weekly GPU costs' });
    const table = await within(dialog).findByRole('table', { name: 'Deliveries of Weekly GPU costs, newest first' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent!.replace(/\s+/g, ' ')));
    expect(rows).toEqual([
      [
        'Nov 23, 2026, 4:00 PM',
        'Nov 16 – 22, 2026',
        'Retrying next attempt Nov 23, 2026, 4:10 PM (2 attempts so far)Reason: Mail server connection failed: Connection refused',
        'ada@example.com, grace@example.com',
      ],
      ['Nov 16, 2026, 4:00 PM', 'Nov 9 – 15, 2026', 'Sent Nov 16, 2026, 4:00 PM', 'ada@example.com, grace@example.com'],
      ['Nov 9, 2026, 4:00 PM', 'Nov 2 – 8, 2026', 'Failed gave up after 5 attemptsReason: 550 mailbox unavailable', 'ada@example.com, grace@example.com'],
    ]);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('previews the rendered report in a sandboxed frame, with its plain-text part', async () => {
    const fetchMock = mockFetch(
      routes({
        [`POST /api/v1/report-subscriptions/${subscription().id}/preview`]: () =>
          json({
            subject: 'Costwise Weekly GPU costs: $1,234.00 billed, $300.00 idle (16 Nov 2026 – 22 Nov 2026)',
            html: `<!DOCTYPE html><html><body><h1>Weekly GPU costs</h1><img src="${CHART}" alt="Daily billed cost"><a href="https://costwise.example/">Costwise</a></body></html>`,
            text: 'Weekly GPU costs\nBilled cost: $1,234.00',
            periodFrom: '2026-11-16',
            periodTo: '2026-11-23',
          }),
      }),
    );
    const user = userEvent.setup();
    renderPage('ADMIN');
    await user.click(within(await card('Weekly GPU costs')).getByRole('button', { name: 'Preview' }));
    const dialog = screen.getByRole('dialog', { name: 'Preview: Weekly GPU costs' });
    const frame = await within(dialog).findByTitle(/^E-mail preview: Costwise Weekly GPU costs/);
    expect(within(dialog).getByText('Nov 16 – 22, 2026')).toBeInTheDocument();
    expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
    const srcdoc = frame.getAttribute('srcdoc')!;
    expect(srcdoc).toContain('<h1>Weekly GPU costs</h1>');
    // The chart the API embedded is shown, not a placeholder.
    expect(srcdoc).toContain(`<img src="${CHART}" alt="Daily billed cost">`);
    expect(srcdoc).toContain('<base target="_blank">');
    await user.click(within(dialog).getByText('Plain-text version'));
    expect(within(dialog).getByText(/Billed cost: \$1,234.00/)).toBeVisible();
    expect((await sentRequests(fetchMock)).filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      `/api/v1/report-subscriptions/${subscription().id}/preview`,
    ]);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says when the subscriptions cannot be loaded', async () => {
    mockFetch(routes({ 'GET /api/v1/report-subscriptions': () => problem(500, { title: 'Internal Server Error', incident: 'abc123' }) }));
    renderPage('VIEWER');
    expect(await screen.findByText('Could not load the report subscriptions')).toBeInTheDocument();
    expect(screen.getByText('Reference: abc123')).toBeInTheDocument();
  });
});

describe('previewDocument', () => {
  it('opens links in a new tab and keeps the e-mail, its embedded chart included, as it is', () => {
    const body = `<body><img src="${CHART}" alt="Daily billed cost"><p>Idle cost</p></body>`;
    expect(previewDocument(`<html><head><title>x</title></head>${body}</html>`)).toBe(
      `<html><head><base target="_blank"><title>x</title></head>${body}</html>`,
    );
    expect(previewDocument(`<!DOCTYPE html><html>${body}</html>`)).toBe(`<!DOCTYPE html><html><head><base target="_blank"></head>${body}</html>`);
    expect(previewDocument(body)).toBe(`<base target="_blank">${body}`);
  });
});
